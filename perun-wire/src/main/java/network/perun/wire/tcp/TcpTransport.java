// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import network.perun.api.codec.MalformedMessageException;
import network.perun.api.codec.PerunIoReader;
import network.perun.api.codec.PerunIoWriter;
import network.perun.api.message.AuthResponse;
import network.perun.api.message.Envelope;
import network.perun.api.spi.PeerUnreachableException;
import network.perun.api.spi.Transport;
import network.perun.wire.codec.PerunIoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network transport: perunio envelopes in length-prefixed frames over TLS 1.3 on TCP, between peers that
 * proved their wire identity to each other.
 *
 * <p>A node listens on one address and dials peers through an address book ({@link WireAddress} to host and
 * port). It keeps one connection per peer: it dials on the first {@link #send} to a peer it is not connected
 * to, merges concurrent dials, settles simultaneous dials from both sides deterministically (see {@link Peer}),
 * and dials again, with a doubling back-off, when a send finds the connection gone. TLS uses a certificate the
 * node makes at start; the peer's identity comes from an authentication exchange inside TLS
 * ({@link Handshake}) that signs fresh nonces of both sides and both certificates with the identity keys.
 *
 * <p>Hostile peers: a connection that fails authentication is closed and gets nothing; the TLS and
 * authentication handshake must finish within the handshake timeout; the number of handshakes in progress is
 * bounded per remote IP address and in total (further connections are closed at once); a frame longer than the
 * maximum closes the connection before anything is allocated for it, and a frame must arrive within the read
 * timeout once it has begun. An envelope that does not decode, is not from the authenticated peer, or is not for
 * this node is dropped and logged, and the connection goes on.
 *
 * <p>Sending never waits on a slow peer: {@link #send} queues the envelope (the queue per peer is bounded; a
 * full queue is a {@link PeerUnreachableException}) and a writer thread writes it, each write bounded by the
 * write timeout, after which the connection is closed. Only connecting waits, within the dial attempts.
 *
 * <p>Received envelopes go to the one subscriber of this node's address in arrival order per sender; envelopes
 * arriving before anyone subscribed are kept (up to the inbox capacity) and delivered on subscription.
 *
 * <p>Idle connections: a connection on which nothing was written for the keep-alive interval gets a keep-alive
 * frame, and one on which nothing arrived for three intervals is closed (the peer or the path died without a
 * word); what the node knows about a peer without a connection, dial or queued envelope is dropped after a while
 * and made afresh when needed.
 *
 * <p>Threads: two virtual threads per connection (reader and writer), one for accepting, one for delivery, one
 * for deadlines (a periodic sweep over the connections, not a timer per frame), and one per handshake or dial in
 * progress.
 */
public final class TcpTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /** How many keep-alive intervals of silence close a connection. */
  static final int SILENT_INTERVALS = 3;
  /** The first size of the buffer an envelope is encoded into: a channel update fits without growing it. */
  private static final int FRAME_CAPACITY = 1024;

  private final WireIdentity identity;
  private final WireAddress self;
  private final WireSignatureVerifier verifier;
  private final PerunIoCodec codec;
  private final SecureRandom random;
  private final NodeTls tls;
  private final Watchdog watchdog;
  private final Inbox inbox;
  private final ServerSocket server;
  private final Map<WireAddress, InetSocketAddress> book = new ConcurrentHashMap<>();
  private final Map<WireAddress, Peer> peers = new ConcurrentHashMap<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Map<InetAddress, Integer> handshakesByAddress = new HashMap<>();
  private int handshakes;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong dials = new AtomicLong();
  private final AtomicLong authFailures = new AtomicLong();
  private final AtomicLong keepAlives = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  private final int maxFrameSize;
  private final Duration handshakeTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration connectTimeout;
  private final int sendQueueCapacity;
  private final int maxHandshakes;
  private final int maxHandshakesPerAddress;
  private final int dialAttempts;
  private final Duration firstBackoff;
  private final Duration keepAliveInterval;
  private final Duration forgetIdlePeersAfter;

  private TcpTransport(Builder b) {
    this.identity = b.identity;
    this.self = b.identity.address();
    this.verifier = b.verifier;
    this.codec = b.codec;
    this.random = b.random;
    this.maxFrameSize = b.maxFrameSize;
    this.handshakeTimeout = b.handshakeTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.connectTimeout = b.connectTimeout;
    this.sendQueueCapacity = b.sendQueueCapacity;
    this.maxHandshakes = b.maxPendingHandshakes;
    this.maxHandshakesPerAddress = b.maxPendingHandshakesPerAddress;
    this.dialAttempts = b.dialAttempts;
    this.firstBackoff = b.firstBackoff;
    this.keepAliveInterval = b.keepAliveInterval;
    this.forgetIdlePeersAfter = b.forgetIdlePeersAfter;
    this.book.putAll(b.book);
    this.tls = NodeTls.generate(random);
    this.inbox = new Inbox(self, b.inboxCapacity);
    ServerSocket s = null;
    try {
      s = new ServerSocket();
      s.bind(b.listen, Math.max(50, maxHandshakes));
    } catch (IOException e) {
      if (s != null) {
        closeQuietly(s);
      }
      throw new TcpListenException(b.listen, e);
    }
    this.server = s;
    this.watchdog = new Watchdog("perun-tcp-watchdog");
    Duration shortest = readTimeout.compareTo(writeTimeout) < 0 ? readTimeout : writeTimeout;
    shortest = keepAliveInterval.compareTo(shortest) < 0 ? keepAliveInterval : shortest;
    shortest = forgetIdlePeersAfter.compareTo(shortest) < 0 ? forgetIdlePeersAfter : shortest;
    Duration period = shortest.dividedBy(4);
    watchdog.repeat(period.isZero() ? Duration.ofNanos(1) : period, this::sweep);
    Thread.ofVirtual().name("perun-tcp-accept-" + server.getLocalPort()).start(this::acceptLoop);
    LOG.debug("{} listens on {}", self, server.getLocalSocketAddress());
  }

  /**
   * A builder for a node with wire identity {@code identity} that accepts peers whose signatures
   * {@code verifier} confirms, and encodes envelopes with {@code codec}.
   */
  public static Builder builder(WireIdentity identity, WireSignatureVerifier verifier, PerunIoCodec codec) {
    return new Builder(identity, verifier, codec);
  }

  /** This node's wire identity. */
  public WireAddress address() {
    return self;
  }

  /** The address and port this node listens on (the port chosen by the system if 0 was asked for). */
  public InetSocketAddress listenAddress() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** The port this node listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** Adds or replaces the network address of {@code peer} in the address book. */
  public void addPeer(WireAddress peer, InetSocketAddress where) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(where, "where");
    InvalidValueException.check(!peer.equals(self), "%s cannot be its own peer", self);
    book.put(peer, where);
  }

  /** Whether an authenticated connection to {@code peer} is up (for a node's "peers connected" metric). */
  public boolean isConnected(WireAddress peer) {
    return connectionDialedByUs(peer).isPresent();
  }

  /**
   * Queues {@code envelope} for its recipient, connecting first if there is no connection.
   *
   * @throws InvalidValueException if the sender is not this node, the recipient is, or the envelope does not fit
   *     in a frame
   * @throws PeerUnreachableException if the transport is closed, the recipient has no connection and no known
   *     address, the dial attempts fail, or the recipient's send queue is full
   */
  @Override
  public void send(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    WireAddress to = envelope.recipient();
    if (closed) {
      throw new PeerUnreachableException(to, "the TCP transport of " + self + " is closed");
    }
    // Plain ifs, not InvalidValueException.check: no argument array and boxing per envelope sent.
    if (!envelope.sender().equals(self)) {
      throw new InvalidValueException("the TCP transport of " + self + " cannot send as " + envelope.sender());
    }
    if (to.equals(self)) {
      throw new InvalidValueException(self + " cannot send to itself");
    }
    byte[] frame = frame(envelope);
    int length = frame.length - Frames.HEADER_LENGTH;
    if (length > maxFrameSize) {
      throw new InvalidValueException("the " + envelope.message().type() + " to " + to + " is " + length + " bytes, above the frame limit of " + maxFrameSize + " bytes");
    }
    CompletableFuture<Void> ready;
    while (true) {
      Peer known = peers.get(to);
      if ((known == null || !known.isConnected()) && !book.containsKey(to)) {
        throw new PeerUnreachableException(to, "no connection and no known network address (TcpTransport.Builder.peer or addPeer adds one)");
      }
      Peer p = known != null ? known : peer(to);
      ready = p.enqueue(frame, () -> startDial(p));
      if (ready != Peer.FORGOTTEN) {
        break;
      }
      peers.remove(to, p); // forgotten just now: start over with a new one
    }
    if (ready == Peer.FULL) {
      throw new PeerUnreachableException(to, "its send queue of " + sendQueueCapacity + " envelopes is full (the peer reads too slowly or the connection is down)");
    }
    try {
      ready.get();
    } catch (ExecutionException e) {
      throw new PeerUnreachableException(to, "cannot connect: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerUnreachableException(to, "interrupted while connecting", e);
    }
  }

  /** The frame of {@code envelope}: the codec writes the body behind room for the length, which is filled in after. */
  private byte[] frame(Envelope envelope) {
    PerunIoWriter w = new PerunIoWriter(FRAME_CAPACITY);
    w.u32BigEndian(0);
    codec.writeEnvelope(w, envelope);
    byte[] frame = w.toByteArray();
    int n = frame.length - Frames.HEADER_LENGTH;
    frame[0] = (byte) (n >>> 24);
    frame[1] = (byte) (n >>> 16);
    frame[2] = (byte) (n >>> 8);
    frame[3] = (byte) n;
    return frame;
  }

  /**
   * Delivers the envelopes for this node to {@code receiver} on a delivery thread of the transport, kept ones
   * first.
   *
   * @throws InvalidValueException if {@code self} is not this node's address, it already has a subscriber, or
   *     the transport is closed
   */
  @Override
  public AutoCloseable subscribe(WireAddress self, Consumer<Envelope> receiver) {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(receiver, "receiver");
    InvalidValueException.check(self.equals(this.self), "the TCP transport of %s cannot receive for %s", this.self, self);
    return inbox.attach(receiver);
  }

  /**
   * Stops listening, lets each connection write what is queued (within the write timeout), then closes every
   * connection and stops delivery. Later sends fail with {@link PeerUnreachableException}.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    closeQuietly(server);
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (Peer p : peers.values()) {
      Connection c = p.drain();
      if (c != null) {
        writers.add(c.writerDone);
      }
    }
    try {
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(writeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("{} closes with envelopes still queued", self);
    }
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    inbox.close();
    watchdog.close();
    LOG.debug("{} closed", self);
  }

  @Override
  public String toString() {
    return "TcpTransport(" + self + " on " + server.getLocalSocketAddress() + ")";
  }

  // ---- for tests in this package ----

  /** Connections closed at once because too many handshakes were in progress. */
  long refusedConnections() {
    return refused.get();
  }

  /** Received envelopes dropped: malformed, from someone other than the peer, or not for us. */
  long droppedEnvelopes() {
    return dropped.get();
  }

  /** Handshakes in progress on accepted connections. */
  synchronized int pendingHandshakes() {
    return handshakes;
  }

  WireIdentity identity() {
    return identity;
  }

  /** Started connections not yet gone, retired ones included. */
  int openConnections() {
    return connections.size();
  }

  /** Whether the connection in use to {@code peer} was dialed by us; empty if there is none. */
  Optional<Boolean> connectionDialedByUs(WireAddress peer) {
    return connections.stream().filter(c -> c.peer.address.equals(peer) && c.peer.isCurrent(c)).findFirst().map(c -> c.dialedByUs);
  }

  /** Accepted connections closed because the dialer failed authentication. */
  long authenticationFailures() {
    return authFailures.get();
  }

  /** Keep-alive frames queued on idle connections. */
  long keepAlivesQueued() {
    return keepAlives.get();
  }

  /** Peers this node knows: with a connection, a dial, queued frames, or not yet idle long enough to forget. */
  int knownPeers() {
    return peers.size();
  }

  /** Dials started (each attempt counts). */
  long dialsStarted() {
    return dials.get();
  }

  /**
   * Dials {@code peer} again although a connection is in use, as a node does that has given its connection up;
   * the new connection replaces the old one on both sides.
   */
  void dialAgain(WireAddress peer) throws IOException {
    Peer p = peer(peer);
    Connection c = dial(p, book.get(peer));
    p.installDialed(c);
    c.start();
  }

  /** Cuts every connection as a network failure would, without closing the transport. */
  void cutConnections() {
    connections.forEach(Connection::close);
  }

  // ---- for Connection ----

  boolean isClosed() {
    return closed;
  }

  void opened(Connection c) {
    connections.add(c);
  }

  Watchdog watchdog() {
    return watchdog;
  }

  int maxFrameSize() {
    return maxFrameSize;
  }

  Duration readTimeout() {
    return readTimeout;
  }

  Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * Checks the deadlines and keep-alives of every connection and forgets peers idle for long enough; runs
   * periodically on the watchdog.
   */
  private void sweep() {
    try {
      sweepOnce();
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again: log and keep the deadlines alive.
      LOG.error("{}: the deadline sweep failed: {}", self, e.toString(), e);
    }
  }

  private void sweepOnce() {
    long now = System.nanoTime();
    long read = readTimeout.toNanos();
    long write = writeTimeout.toNanos();
    long keepAlive = keepAliveInterval.toNanos();
    long silence = keepAliveInterval.multipliedBy(SILENT_INTERVALS).toNanos();
    for (Connection c : connections) {
      if (c.sweep(now, read, write, keepAlive, silence)) {
        keepAlives.incrementAndGet();
      }
    }
    long forget = forgetIdlePeersAfter.toNanos();
    for (Peer p : peers.values()) {
      if (p.forgetIfIdle(now, forget)) {
        peers.remove(p.address, p);
        LOG.debug("{} forgot the idle peer {}", self, p.address);
      }
    }
  }

  /**
   * Handles one frame body from {@code from}'s authenticated peer, the {@code length} bytes of {@code buf} from
   * {@code offset} on (decoded before this returns, so the caller may reuse {@code buf}).
   */
  void receive(Connection from, byte[] buf, int offset, int length) throws InterruptedException {
    Envelope envelope;
    try {
      PerunIoReader r = new PerunIoReader(buf, offset, length);
      envelope = codec.readEnvelope(r);
      r.requireEnd("envelope");
    } catch (MalformedMessageException e) {
      dropped.incrementAndGet();
      LOG.warn("dropped a malformed envelope of {} bytes from {}: {}", length, from.peer.address, e.getMessage());
      return;
    }
    if (!envelope.sender().equals(from.peer.address)) {
      dropped.incrementAndGet();
      LOG.warn("dropped a {} claiming to be from {} on the connection of {}", envelope.message().type(), envelope.sender(), from.peer.address);
      return;
    }
    if (!envelope.recipient().equals(self)) {
      dropped.incrementAndGet();
      LOG.warn("dropped a {} from {} for {}, we are {}", envelope.message().type(), envelope.sender(), envelope.recipient(), self);
      return;
    }
    if (envelope.message() instanceof AuthResponse) {
      dropped.incrementAndGet();
      LOG.warn("dropped an AuthResponse from {} after the handshake", envelope.sender());
      return;
    }
    inbox.put(envelope);
  }

  void connectionGone(Connection c) {
    connections.remove(c);
    c.peer.gone(c, () -> book.containsKey(c.peer.address) && !closed ? startDial(c.peer) : null);
  }

  void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.trace("close failed: {}", e.toString());
    }
    if (c instanceof Socket s) {
      sockets.remove(s);
    }
  }

  // ---- dialing ----

  private Peer peer(WireAddress address) {
    return peers.computeIfAbsent(address, a -> new Peer(a, sendQueueCapacity));
  }

  private CompletableFuture<Void> startDial(Peer p) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual().name("perun-tcp-dial").start(() -> dialLoop(p, done));
    return done;
  }

  private void dialLoop(Peer p, CompletableFuture<Void> done) {
    IOException last = null;
    Duration backoff = firstBackoff;
    try {
      for (int attempt = 1; attempt <= dialAttempts && !closed && !p.isConnected(); attempt++) {
        InetSocketAddress where = book.get(p.address);
        if (where == null) {
          last = new IOException("no known network address");
          break;
        }
        try {
          Connection c = dial(p, where);
          if (closed) {
            c.abandon();
          } else {
            p.installDialed(c);
            c.start();
          }
          break;
        } catch (PeerAuthenticationException e) {
          LOG.warn("{} at {} failed authentication: {}", p.address, where, e.getMessage());
          last = e;
          break;
        } catch (IOException e) {
          LOG.debug("dial {} of {} to {} at {} failed: {}", attempt, dialAttempts, p.address, where, e.toString());
          last = e;
        }
        if (attempt < dialAttempts && p.awaitConnected(backoff)) {
          break;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      last = new IOException(e.toString(), e);
    } finally {
      if (p.dialEnded(done)) {
        done.complete(null);
      } else {
        String reason = closed ? "the transport closed"
            : last instanceof PeerAuthenticationException ? "it failed authentication: " + last.getMessage()
            : dialAttempts + " dial attempts failed, the last with " + last;
        done.completeExceptionally(new IOException(reason, last));
      }
    }
  }

  /** One dial: TCP connect, TLS, authentication, all within the connect and handshake timeouts. */
  private Connection dial(Peer p, InetSocketAddress where) throws IOException {
    dials.incrementAndGet();
    Socket raw = new Socket();
    sockets.add(raw);
    Watchdog.Alarm alarm = null;
    try {
      raw.connect(where, (int) Math.max(1, connectTimeout.toMillis()));
      raw.setTcpNoDelay(true);
      alarm = watchdog.arm(handshakeTimeout, () -> closeQuietly(raw));
      SSLSocket socket = tls.wrap(raw, true);
      Handshake handshake = new Handshake(socket, tls, identity, verifier, codec, true);
      handshake.start(random);
      handshake.authenticateAsDialer(p.address);
      if (!alarm.disarm()) {
        throw new SocketTimeoutException("the handshake took longer than " + handshakeTimeout);
      }
      return new Connection(this, p, true, raw, socket);
    } catch (IOException | RuntimeException e) {
      if (alarm != null) {
        alarm.disarm();
      }
      closeQuietly(raw);
      throw e;
    }
  }

  // ---- accepting ----

  private void acceptLoop() {
    while (!closed) {
      Socket raw;
      try {
        raw = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("{} cannot accept: {}", self, e.toString());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // e.g. out of file descriptors: do not spin
        }
        continue;
      }
      InetAddress from = raw.getInetAddress();
      if (!startHandshake(from)) {
        refused.incrementAndGet();
        LOG.debug("refused a connection from {}: too many handshakes in progress", raw.getRemoteSocketAddress());
        try {
          raw.setSoLinger(true, 0);
        } catch (IOException e) {
          LOG.trace("no linger: {}", e.toString());
        }
        closeQuietly(raw);
        continue;
      }
      sockets.add(raw);
      Thread.ofVirtual().name("perun-tcp-handshake").start(() -> {
        try {
          accept(raw);
        } finally {
          endHandshake(from);
        }
      });
    }
  }

  private synchronized boolean startHandshake(InetAddress from) {
    int fromThere = handshakesByAddress.getOrDefault(from, 0);
    if (handshakes >= maxHandshakes || fromThere >= maxHandshakesPerAddress) {
      return false;
    }
    handshakes++;
    handshakesByAddress.put(from, fromThere + 1);
    return true;
  }

  private synchronized void endHandshake(InetAddress from) {
    handshakes--;
    handshakesByAddress.computeIfPresent(from, (a, n) -> n > 1 ? n - 1 : null);
  }

  /** The listener's side: TLS, authentication, admission, all within the handshake timeout. */
  private void accept(Socket raw) {
    Watchdog.Alarm alarm = watchdog.arm(handshakeTimeout, () -> closeQuietly(raw));
    Connection connection = null;
    try {
      raw.setTcpNoDelay(true);
      SSLSocket socket = tls.wrap(raw, false);
      Handshake handshake = new Handshake(socket, tls, identity, verifier, codec, false);
      handshake.start(random);
      WireAddress dialer = handshake.authenticateDialer();
      Connection c;
      Peer.Admission admission;
      do {
        Peer p = peer(dialer);
        c = new Connection(this, p, false, raw, socket);
        admission = closed ? Peer.Admission.REFUSED : p.admitIncoming(c, self, Frames.KEEP_ALIVE);
        if (admission == Peer.Admission.FORGOTTEN) {
          peers.remove(dialer, p); // forgotten just now: start over with a new one
        }
      } while (admission == Peer.Admission.FORGOTTEN);
      if (admission == Peer.Admission.REFUSED) {
        LOG.debug("{} keeps its other connection to {}; closing the one it dialed", self, dialer);
        alarm.disarm();
        closeQuietly(raw);
        return;
      }
      connection = c;
      handshake.answerDialer(dialer);
      if (!alarm.disarm()) {
        throw new SocketTimeoutException("the handshake took longer than " + handshakeTimeout);
      }
      c.start();
    } catch (PeerAuthenticationException e) {
      alarm.disarm();
      authFailures.incrementAndGet();
      LOG.warn("closing a connection from {} that failed authentication: {}", raw.getRemoteSocketAddress(), e.getMessage());
      fail(raw, connection);
    } catch (IOException | RuntimeException e) {
      alarm.disarm();
      LOG.debug("closing a connection from {} during the handshake: {}", raw.getRemoteSocketAddress(), e.toString());
      fail(raw, connection);
    }
  }

  private void fail(Socket raw, Connection admitted) {
    if (admitted != null) {
      admitted.abandon();
    } else {
      closeQuietly(raw);
    }
  }

  /**
   * Settings of a {@link TcpTransport}; every one has a default.
   *
   * <p>Defaults: listen on the loopback address with a port chosen by the system, frames up to 4 MiB, 10 s for
   * the handshake (go-perun's), 10 s for a frame once begun, 10 s per write, 5 s to connect, 1024 queued
   * envelopes per peer, 4096 kept envelopes, 256 handshakes in progress of which 8 per remote IP address, 3
   * dial attempts, 200 ms apart and doubling, a keep-alive after 15 s without a frame written (45 s of silence
   * close a connection), and peers without a connection forgotten after 1 min.
   */
  public static final class Builder {
    private final WireIdentity identity;
    private final WireSignatureVerifier verifier;
    private final PerunIoCodec codec;
    private final Map<WireAddress, InetSocketAddress> book = new LinkedHashMap<>();
    private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private int maxFrameSize = 4 << 20;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int sendQueueCapacity = 1024;
    private int inboxCapacity = 4096;
    private int maxPendingHandshakes = 256;
    private int maxPendingHandshakesPerAddress = 8;
    private int dialAttempts = 3;
    private Duration firstBackoff = Duration.ofMillis(200);
    private Duration keepAliveInterval = Duration.ofSeconds(15);
    private Duration forgetIdlePeersAfter = Duration.ofMinutes(1);
    private SecureRandom random;

    private Builder(WireIdentity identity, WireSignatureVerifier verifier, PerunIoCodec codec) {
      this.identity = Objects.requireNonNull(identity, "identity");
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The address and port to listen on; port 0 lets the system choose ({@link TcpTransport#port()}). */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The network address of {@code peer}, where it listens. */
    public Builder peer(WireAddress peer, InetSocketAddress where) {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(where, "where");
      InvalidValueException.check(!peer.equals(identity.address()), "%s cannot be its own peer", peer);
      book.put(peer, where);
      return this;
    }

    /** The longest frame body (one encoded envelope) sent or accepted, 1 KiB..1 GiB. */
    public Builder maxFrameSize(int bytes) {
      InvalidValueException.check(bytes >= 1024 && bytes <= 1 << 30, "max frame size must be 1024..%d bytes, got %d", 1 << 30, bytes);
      this.maxFrameSize = bytes;
      return this;
    }

    /** How long TLS and the authentication exchange may take together, on either side. */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshake timeout");
      return this;
    }

    /** How long the rest of a frame may take to arrive once its first byte is in. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "read timeout");
      return this;
    }

    /** How long one frame may take to write; a slower peer's connection is closed. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "write timeout");
      return this;
    }

    /** How long a TCP connect may take. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How many envelopes may wait to be written per peer before {@link TcpTransport#send} fails. */
    public Builder sendQueueCapacity(int envelopes) {
      InvalidValueException.check(envelopes > 0, "send queue capacity must be positive, got %d", envelopes);
      this.sendQueueCapacity = envelopes;
      return this;
    }

    /** How many received envelopes are kept while nobody subscribed. */
    public Builder inboxCapacity(int envelopes) {
      InvalidValueException.check(envelopes > 0, "inbox capacity must be positive, got %d", envelopes);
      this.inboxCapacity = envelopes;
      return this;
    }

    /** How many accepted connections may be in their handshake at once, in total and per remote IP address. */
    public Builder maxPendingHandshakes(int total, int perAddress) {
      InvalidValueException.check(total > 0 && perAddress > 0 && perAddress <= total, "pending handshake limits must be 0 < per address (%d) <= total (%d)", perAddress, total);
      this.maxPendingHandshakes = total;
      this.maxPendingHandshakesPerAddress = perAddress;
      return this;
    }

    /** How often a send dials before the peer counts as unreachable, and the first pause between dials (doubling, at most 5 s). */
    public Builder dialAttempts(int attempts, Duration firstBackoff) {
      InvalidValueException.check(attempts > 0, "dial attempts must be positive, got %d", attempts);
      this.dialAttempts = attempts;
      this.firstBackoff = positive(firstBackoff, "back-off");
      return this;
    }

    /**
     * How long a connection may go without a frame written before a keep-alive frame is sent; one on which
     * nothing arrived for {@value TcpTransport#SILENT_INTERVALS} intervals is closed, so a connection that died
     * without a word (the peer's host gone, a dropped path) is noticed and the next send dials again. Both ends
     * must send keep-alives, as every {@code TcpTransport} does.
     */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = positive(interval, "keep-alive interval");
      return this;
    }

    /**
     * How long the node keeps what it knows about a peer (its send queue and connection state) once the peer has
     * no connection, no dial in flight and nothing queued; a later send or connection starts afresh.
     */
    public Builder forgetIdlePeersAfter(Duration idle) {
      this.forgetIdlePeersAfter = positive(idle, "idle time before a peer is forgotten");
      return this;
    }

    /** The source of TLS keys and handshake nonces; a new {@link SecureRandom} by default. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Makes the TLS certificate, binds the listen address and starts accepting.
     *
     * @throws TcpListenException if the address cannot be bound
     */
    public TcpTransport start() {
      if (random == null) {
        random = new SecureRandom();
      }
      return new TcpTransport(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      InvalidValueException.check(!d.isNegative() && !d.isZero(), "%s must be positive, got %s", what, d);
      return d;
    }
  }
}
