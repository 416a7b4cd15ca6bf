// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
 * node; the writer takes the peer's queued frames while this connection is the peer's one in use, each write
 * within the write timeout. A deadline that passes closes the socket, which ends the blocked call. See
 * {@link Peer} for retiring a connection when another one replaces it.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

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
  private volatile boolean closed;
  private volatile boolean retired;
  private volatile boolean draining;
  private volatile boolean inputEnded;

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
  }

  /** Stops the writer after its current frame and closes gracefully; the socket is closed after a grace period. */
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

  private void readLoop() {
    Watchdog.Alarm[] alarm = new Watchdog.Alarm[1];
    Frames.Timer timer = new Frames.Timer() {
      @Override
      public void started() {
        alarm[0] = node.watchdog().arm(node.readTimeout(), () -> expire("a frame took longer than " + node.readTimeout() + " to arrive"));
      }

      @Override
      public void finished() {
        alarm[0].disarm();
      }
    };
    try {
      if (predecessor != null) {
        predecessor.readerDone.join();
      }
      while (!closed) {
        byte[] body = Frames.read(in, node.maxFrameSize(), timer);
        if (body == null) {
          LOG.debug("{} closed a connection", peer.address);
          break;
        }
        if (body.length > 0) {
          node.receive(this, body);
        }
      }
    } catch (IOException e) {
      if (!closed && !node.isClosed()) {
        LOG.warn("closing the connection to {}: {}", peer.address, e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
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
    try {
      peer.writerTurn.acquire();
      turn = true;
      while (true) {
        byte[] frame = peer.take(this);
        if (frame == null) {
          break;
        }
        write(frame);
      }
      if (!closed && (retired || draining)) {
        Watchdog.Alarm alarm = node.watchdog().arm(node.writeTimeout(), this::close);
        try {
          socket.shutdownOutput();
        } finally {
          alarm.disarm();
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
      if (turn) {
        peer.writerTurn.release();
      }
      writerDone.complete(null);
    }
  }

  private void write(byte[] frame) throws IOException {
    Watchdog.Alarm alarm = node.watchdog().arm(node.writeTimeout(), () -> expire("a write took longer than " + node.writeTimeout() + " (the peer does not read)"));
    try {
      out.write(frame);
      out.flush();
    } finally {
      alarm.disarm();
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
