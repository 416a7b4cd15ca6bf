// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated TLS connection to a peer, with its reader and writer threads (virtual threads doing blocking
 * I/O).
 *
 * <p>The reader reads frames, each within the read timeout once its first byte is in, and hands them to the
 * node; the writer takes the peer's queued frames while this connection is the peer's one in use, all frames
 * queued at that moment (up to {@link #BATCH_BYTES}) in one write, each write within the write timeout. A
 * deadline that passes closes the socket, which ends the blocked call. See {@link Peer} for retiring a connection
 * when another one replaces it.
 *
 * <p>Deadlines cost no scheduling per frame: the reader and the writer note when their operation in progress
 * began ({@link System#nanoTime()}, 0 when idle) and the node's periodic sweep ({@link #sweep}) closes a connection
 * whose read or write is overdue. The sweep also keeps an idle connection alive: it queues a keep-alive frame
 * when nothing was written for the keep-alive interval, and closes a connection on which nothing, not even the
 * peer's keep-alive, arrived for three intervals (the peer or the path is dead without a word).
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  /** The most bytes of frames the writer gathers into one write (a longer single frame is written alone). */
  static final int BATCH_BYTES = 64 * 1024;
  /** The most frames the writer gathers into one write. */
  private static final int BATCH_FRAMES = 256;
  /** The deadline marker of an idle reader or writer. */
  private static final long IDLE = 0;

  final Peer peer;
  /** Whether we are the dialer (the TLS client). */
  final boolean dialedByUs;
  final CompletableFuture<Void> readerDone = new CompletableFuture<>();
  final CompletableFuture<Void> writerDone = new CompletableFuture<>();

  private final TcpTransport node;
  private final Socket raw;
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;
  private Connection predecessor;
  /** Whether a {@link Peer} installed this connection ({@link #follow}); guarded by the peer's lock. */
  private boolean installed;
  private volatile boolean closed;
  private volatile boolean retired;
  private volatile boolean draining;
  private volatile boolean inputEnded;
  /** When the frame being read began to arrive, or {@link #IDLE}. */
  private volatile long readSince = IDLE;
  /** When the write in progress began, or {@link #IDLE}. */
  private volatile long writeSince = IDLE;
  /**
   * When the last frame read began, the reader started, or the node took the last frame; {@link #IDLE} before
   * and while the node takes a frame.
   */
  private volatile long lastRead = IDLE;
  /** When the last write began, or the connection was made. */
  private volatile long lastWrite = now();

  Connection(TcpTransport node, Peer peer, boolean dialedByUs, Socket raw, SSLSocket socket) throws IOException {
    this.node = node;
    this.peer = peer;
    this.dialedByUs = dialedByUs;
    this.raw = raw;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Starts the reader and the writer. */
  void start() {
    node.opened(this);
    String name = peer.address.bytes().toHex();
    name = name.substring(0, Math.min(8, name.length()));
    Thread.ofVirtual().name("perun-tcp-reader-" + name).start(this::readLoop);
    Thread.ofVirtual().name("perun-tcp-writer-" + name).start(this::writeLoop);
  }

  /** Ends a connection that never started: closes it and lets its successors go on. */
  void abandon() {
    close();
    writerDone.complete(null);
    if (predecessor == null) {
      readerDone.complete(null);
    } else {
      predecessor.readerDone.whenComplete((v, e) -> readerDone.complete(null));
    }
    node.connectionGone(this);
  }

  /** Records the connection this one replaces; called by {@link Peer} under its lock, before {@link #start()}. */
  void follow(Connection before) {
    predecessor = before;
    installed = true;
  }

  /** Whether a {@link Peer} installed this connection; read under the peer's lock. */
  boolean isInstalled() {
    return installed;
  }

  /** Stops the writer after its current write and closes gracefully; the socket is closed after a grace period. */
  void retire() {
    LOG.debug("retiring {}", this);
    retired = true;
    node.watchdog().arm(node.writeTimeout(), this::close);
  }

  /** Lets the writer empty the peer's queue, then stop. */
  void drain() {
    draining = true;
  }

  /** Closes the socket, which ends any blocked read or write. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    node.closeQuietly(raw);
    peer.signal();
  }

  boolean isClosed() {
    return closed;
  }

  boolean isDraining() {
    return draining;
  }

  boolean isInputEnded() {
    return inputEnded;
  }

  /**
   * Checks this connection's deadlines at {@code now}; called by the node's periodic sweep. Closes it if the frame
   * being read began longer than {@code readTimeoutNanos} ago or the write in progress longer than
   * {@code writeTimeoutNanos} ago; with a keep-alive interval ({@code keepAliveNanos > 0}) also if nothing arrived
   * for {@code silenceNanos}, and queues a keep-alive frame if nothing was written for the interval. Whether it
   * queued one.
   */
  boolean sweep(long now, long readTimeoutNanos, long writeTimeoutNanos, long keepAliveNanos, long silenceNanos) {
    long read = readSince;
    if (read != IDLE && now - read > readTimeoutNanos) {
      expire("a frame took longer than " + node.readTimeout() + " to arrive");
      return false;
    }
    long write = writeSince;
    if (write != IDLE && now - write > writeTimeoutNanos) {
      expire("a write took longer than " + node.writeTimeout() + " (the peer does not read)");
      return false;
    }
    if (keepAliveNanos <= 0 || closed) {
      return false;
    }
    long heard = lastRead;
    if (heard != IDLE && read == IDLE && now - heard > silenceNanos) {
      expire("nothing arrived for " + Duration.ofNanos(silenceNanos) + ", not even a keep-alive (the connection or the peer is dead)");
      return false;
    }
    if (write == IDLE && now - lastWrite >= keepAliveNanos) {
      return peer.offerKeepAlive(this);
    }
    return false;
  }

  private static long now() {
    long t = System.nanoTime();
    return t == IDLE ? IDLE + 1 : t;
  }

  private void readLoop() {
    Frames.Timer timer = new Frames.Timer() {
      @Override
      public void started() {
        readSince = now();
      }

      @Override
      public void finished() {
        lastRead = readSince;
        readSince = IDLE;
      }
    };
    try {
      if (predecessor != null) {
        predecessor.readerDone.join();
      }
      lastRead = now();
      FrameReader frames = new FrameReader(in, node.maxFrameSize());
      while (!closed) {
        if (!frames.next(timer)) {
          LOG.debug("{} closed a connection", peer.address);
          break;
        }
        if (frames.length() > 0) {
          lastRead = IDLE; // while the node takes the frame (it may wait for room) the silence check waits
          node.receive(this, frames.buffer(), frames.offset(), frames.length());
          lastRead = now();
        }
      }
    } catch (IOException e) {
      if (!closed && !node.isClosed()) {
        LOG.warn("closing the connection to {}: {}", peer.address, e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      readSince = IDLE;
      inputEnded = true;
      peer.signal();
      awaitWriter();
      close();
      readerDone.complete(null);
      node.connectionGone(this);
    }
  }

  /** Gives the writer time to finish the frame it is writing (bounded by the write timeout). */
  private void awaitWriter() {
    try {
      writerDone.get(node.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("the writer to {} did not stop in time", peer.address);
    }
  }

  private void writeLoop() {
    boolean turn = false;
    byte[][] batch = new byte[BATCH_FRAMES][];
    byte[] buffer = null;
    try {
      peer.writerTurn.acquire();
      turn = true;
      while (true) {
        int n = peer.take(this, batch, BATCH_BYTES);
        if (n == 0) {
          break;
        }
        if (n == 1) {
          write(batch[0], batch[0].length);
        } else {
          int total = 0;
          for (int i = 0; i < n; i++) {
            total += batch[i].length;
          }
          if (buffer == null || buffer.length < total) {
            buffer = new byte[Math.max(total, Math.min(2 * total, BATCH_BYTES))];
          }
          int size = 0;
          for (int i = 0; i < n; i++) {
            System.arraycopy(batch[i], 0, buffer, size, batch[i].length);
            size += batch[i].length;
          }
          write(buffer, size);
        }
        Arrays.fill(batch, 0, n, null);
      }
      if (!closed && (retired || draining)) {
        writeSince = now();
        try {
          socket.shutdownOutput();
        } finally {
          writeSince = IDLE;
        }
      }
    } catch (IOException e) {
      if (!closed && !node.isClosed()) {
        LOG.warn("closing the connection to {}: write failed: {}", peer.address, e.toString());
      }
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
    } finally {
      writeSince = IDLE;
      if (turn) {
        peer.writerTurn.release();
      }
      writerDone.complete(null);
    }
  }

  /** Writes the first {@code length} bytes of {@code bytes} (whole frames) in one write, within the write timeout. */
  private void write(byte[] bytes, int length) throws IOException {
    long start = now();
    writeSince = start;
    lastWrite = start;
    try {
      out.write(bytes, 0, length);
      out.flush();
    } finally {
      writeSince = IDLE;
    }
  }

  private void expire(String reason) {
    if (!closed) {
      LOG.warn("closing the connection to {}: {}", peer.address, reason);
      close();
    }
  }

  @Override
  public String toString() {
    return "Connection(" + peer.address + (dialedByUs ? ", dialed by us)" : ", dialed by the peer)");
  }
}
