// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import javax.net.ssl.SSLSocket;
import network.perun.api.WireAddress;
import network.perun.api.message.AuthResponse;
import network.perun.api.message.Envelope;

/**
 * A hand-driven client for hostile-input tests: plain TCP, then optionally TLS, hellos and the authentication
 * exchange step by step, and any bytes at all.
 */
final class RawPeer implements AutoCloseable {
  private final Socket raw;
  private final NodeTls tls;
  private SSLSocket socket;
  private InputStream in;
  private OutputStream out;
  private byte[] ownNonce;
  private byte[] nodeNonce;

  private RawPeer(Socket raw, NodeTls tls) throws IOException {
    this.raw = raw;
    this.tls = tls;
    this.in = raw.getInputStream();
    this.out = raw.getOutputStream();
  }

  /** A TCP connection to {@code node} from the loopback address {@code localIp}; reads give up after 5 s. */
  static RawPeer connect(InetSocketAddress node, String localIp, NodeTls tls) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    s.connect(node, 5000);
    s.setSoTimeout(5000);
    return new RawPeer(s, tls);
  }

  static RawPeer connect(InetSocketAddress node, NodeTls tls) throws IOException {
    return connect(node, "127.0.0.1", tls);
  }

  /** Runs the TLS handshake as the client. */
  RawPeer tls() throws IOException {
    socket = tls.wrap(raw, true);
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
    return this;
  }

  /** Sends a hello with {@code nonce} and reads the node's. */
  RawPeer hello(byte[] nonce) throws IOException {
    ownNonce = nonce.clone();
    write(Frames.frame(Handshake.hello(nonce)));
    byte[] body = readFrame();
    if (body == null || body.length != 1 + Handshake.NONCE_LENGTH) {
      throw new IOException("no hello from the node");
    }
    nodeNonce = java.util.Arrays.copyOfRange(body, 1, body.length);
    return this;
  }

  RawPeer hello(SecureRandom random) throws IOException {
    byte[] nonce = new byte[Handshake.NONCE_LENGTH];
    random.nextBytes(nonce);
    return hello(nonce);
  }

  /** The authentication frame that proves {@code me} to {@code node} on this connection. */
  byte[] authFrame(WireIdentity me, WireAddress node) throws IOException {
    byte[] transcript = Handshake.transcript(Handshake.DIALER, me.address(), node, ownNonce, nodeNonce, tls.certificateHash(), tls.certificateHash(socket.getSession(), false));
    return Frames.frame(Nodes.CODEC.encode(new Envelope(me.address(), node, new AuthResponse(me.sign(transcript)))));
  }

  /** Authenticates as {@code me} to {@code node} and checks the node's answer; the connection is then in use. */
  RawPeer authenticate(WireIdentity me, WireAddress node, SecureRandom random) throws IOException {
    tls().hello(random);
    write(authFrame(me, node));
    byte[] answer = readFrame();
    if (answer == null || !(Nodes.CODEC.decode(answer).message() instanceof AuthResponse)) {
      throw new IOException("the node did not answer the authentication");
    }
    return this;
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The body of the next frame, or null at the end of the stream. */
  byte[] readFrame() throws IOException {
    return Frames.read(in, 1 << 24, Frames.Timer.NONE);
  }

  /**
   * Whether the node has closed the connection: the stream ends or breaks before 5 s pass. Bytes the node sent
   * first are skipped.
   */
  boolean closedByNode() {
    try {
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // skip what the node sent before it closed
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Writes one byte; whether the node still took it (false once the node closed). */
  boolean trickle(int b) {
    try {
      out.write(b);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits up to {@code millis} for the node to close; false if it has not. Used to pace a slow peer without
   * sleeping.
   */
  boolean closedWithin(int millis) throws IOException {
    int before = raw.getSoTimeout();
    raw.setSoTimeout(millis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      if (!raw.isClosed()) {
        raw.setSoTimeout(before);
      }
    }
  }

  /** Ends our sending side (TLS close_notify once TLS is up). */
  void shutdownOutput() throws IOException {
    if (socket != null) {
      socket.shutdownOutput();
    } else {
      raw.shutdownOutput();
    }
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }
}
