// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.net.ssl.SSLSocket;
import network.perun.api.Bytes;
import network.perun.api.PerunException;
import network.perun.api.WireAddress;
import network.perun.api.codec.PerunIo;
import network.perun.api.codec.PerunIoWriter;
import network.perun.api.message.AuthResponse;
import network.perun.api.message.Envelope;
import network.perun.wire.codec.PerunIoCodec;

/**
 * The authentication exchange inside TLS that binds a connection to both sides' wire identity keys.
 *
 * <p>Every message is one {@link Frames frame}. D is the dialer (the TLS client), L the listener.
 *
 * <pre>
 * D -&gt; L   hello    [version:u8 = 1][nonce:32]                 (both sides send theirs at once)
 * L -&gt; D   hello    [version:u8 = 1][nonce:32]
 * D -&gt; L   envelope {sender D, recipient L, AuthResponse(sign_D(transcript('D')))}   perunio, type 3
 * L -&gt; D   envelope {sender L, recipient D, AuthResponse(sign_L(transcript('L')))}   only if D's verified
 *
 * transcript(role) = "perun-java wire auth v1" [role:u8 'D' or 'L'] [D: wire address map] [L: wire address map]
 *                    [nonce D:32] [nonce L:32] [SHA-256(D's TLS certificate):32] [SHA-256(L's TLS certificate):32]
 * </pre>
 *
 * <p>L checks that the envelope is for L and verifies D's signature with the key of the envelope's sender, which
 * becomes the connection's peer; D checks that the answer comes from the identity it dialed. Fresh nonces of
 * both sides make a recorded AuthResponse useless on any other connection; the certificate hashes make a
 * signature useless behind a man in the middle, who must present certificates of his own. The AuthResponse
 * envelope is go-perun's message; what is signed differs (go-perun signs only the sender's address). The whole
 * exchange, TLS included, runs under one deadline set by the caller, who closes the socket when it passes.
 */
final class Handshake {
  static final int VERSION = 1;
  static final int NONCE_LENGTH = 32;
  /** The longest frame accepted before the peer is authenticated: a hello or an AuthResponse envelope. */
  static final int MAX_FRAME_LENGTH = 16 * 1024;
  static final byte DIALER = 'D';
  static final byte LISTENER = 'L';
  private static final byte[] DOMAIN = "perun-java wire auth v1".getBytes(StandardCharsets.US_ASCII);

  private final SSLSocket socket;
  private final NodeTls tls;
  private final WireIdentity self;
  private final WireSignatureVerifier verifier;
  private final PerunIoCodec codec;
  private final boolean dialer;
  private InputStream in;
  private OutputStream out;
  private byte[] ownNonce;
  private byte[] peerNonce;
  private byte[] ownCertificate;
  private byte[] peerCertificate;

  Handshake(SSLSocket socket, NodeTls tls, WireIdentity self, WireSignatureVerifier verifier, PerunIoCodec codec, boolean dialer) {
    this.socket = socket;
    this.tls = tls;
    this.self = self;
    this.verifier = verifier;
    this.codec = codec;
    this.dialer = dialer;
  }

  /** Runs the TLS handshake and swaps hellos. */
  void start(SecureRandom random) throws IOException {
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
    ownCertificate = tls.certificateHash(socket.getSession(), true);
    peerCertificate = tls.certificateHash(socket.getSession(), false);
    socket.getSession().invalidate(); // no resumption: every connection gets a full handshake
    ownNonce = new byte[NONCE_LENGTH];
    random.nextBytes(ownNonce);
    out.write(Frames.frame(hello(ownNonce)));
    out.flush();
    peerNonce = parseHello(readFrame("hello"));
  }

  /**
   * The dialer's part: proves our identity to the listener and checks that the listener is {@code expected}.
   *
   * @throws PeerAuthenticationException if the listener's answer is not {@code expected}'s valid signature
   * @throws EOFException if the listener closed the connection instead of answering (it refuses us, or keeps
   *     another connection to us)
   */
  void authenticateAsDialer(WireAddress expected) throws IOException {
    send(expected, DIALER, self.address(), expected);
    Envelope answer = readAuth();
    if (!answer.sender().equals(expected)) {
      throw new PeerAuthenticationException("dialed " + expected + " but " + answer.sender() + " answered");
    }
    verify(answer, LISTENER, self.address(), expected);
  }

  /**
   * The listener's first part: reads and checks the dialer's proof.
   *
   * @return the authenticated dialer
   * @throws PeerAuthenticationException for anything but a valid proof of another identity addressed to us
   */
  WireAddress authenticateDialer() throws IOException {
    Envelope proof = readAuth();
    if (proof.sender().equals(self.address())) {
      throw new PeerAuthenticationException("a peer claims our own identity " + proof.sender());
    }
    verify(proof, DIALER, proof.sender(), self.address());
    return proof.sender();
  }

  /** The listener's second part, once it keeps the connection: proves our identity to {@code dialer}. */
  void answerDialer(WireAddress dialerAddress) throws IOException {
    send(dialerAddress, LISTENER, dialerAddress, self.address());
  }

  private void send(WireAddress recipient, byte role, WireAddress d, WireAddress l) throws IOException {
    Bytes signature = self.sign(transcript(role, d, l));
    out.write(Frames.frame(codec.encode(new Envelope(self.address(), recipient, new AuthResponse(signature)))));
    out.flush();
  }

  private Envelope readAuth() throws IOException {
    byte[] body = readFrame("authentication");
    Envelope envelope;
    try {
      envelope = codec.decode(body);
    } catch (PerunException e) {
      throw new PeerAuthenticationException("the authentication message does not decode: " + e.getMessage());
    }
    if (!(envelope.message() instanceof AuthResponse)) {
      throw new PeerAuthenticationException("expected an AuthResponse, got " + envelope.message().type() + " from " + envelope.sender());
    }
    if (!envelope.recipient().equals(self.address())) {
      throw new PeerAuthenticationException("the AuthResponse of " + envelope.sender() + " is for " + envelope.recipient() + ", not for us");
    }
    return envelope;
  }

  private void verify(Envelope proof, byte role, WireAddress d, WireAddress l) throws PeerAuthenticationException {
    Bytes signature = ((AuthResponse) proof.message()).signature();
    if (!verifier.verify(proof.sender(), transcript(role, d, l), signature)) {
      throw new PeerAuthenticationException("the AuthResponse of " + proof.sender() + " does not verify for this connection (forged or replayed)");
    }
  }

  /** What side {@code role} signs on a connection from {@code d} to {@code l}. */
  private byte[] transcript(byte role, WireAddress d, WireAddress l) {
    byte[] nonceD = dialer ? ownNonce : peerNonce;
    byte[] nonceL = dialer ? peerNonce : ownNonce;
    byte[] certD = dialer ? ownCertificate : peerCertificate;
    byte[] certL = dialer ? peerCertificate : ownCertificate;
    return transcript(role, d, l, nonceD, nonceL, certD, certL);
  }

  /** The signed transcript, drawn in the class comment. */
  static byte[] transcript(byte role, WireAddress d, WireAddress l, byte[] nonceD, byte[] nonceL, byte[] certD, byte[] certL) {
    PerunIoWriter w = new PerunIoWriter(256);
    w.raw(DOMAIN).u8(role);
    PerunIo.writeWireAddress(w, d);
    PerunIo.writeWireAddress(w, l);
    w.raw(nonceD).raw(nonceL).raw(certD).raw(certL);
    return w.toByteArray();
  }

  static byte[] hello(byte[] nonce) {
    byte[] hello = new byte[1 + NONCE_LENGTH];
    hello[0] = VERSION;
    System.arraycopy(nonce, 0, hello, 1, NONCE_LENGTH);
    return hello;
  }

  private static byte[] parseHello(byte[] body) throws IOException {
    if (body.length != 1 + NONCE_LENGTH || body[0] != VERSION) {
      throw new PeerAuthenticationException("not a version " + VERSION + " hello: " + Bytes.of(body));
    }
    byte[] nonce = new byte[NONCE_LENGTH];
    System.arraycopy(body, 1, nonce, 0, NONCE_LENGTH);
    return nonce;
  }

  private byte[] readFrame(String what) throws IOException {
    byte[] body;
    try {
      body = Frames.read(in, MAX_FRAME_LENGTH, Frames.Timer.NONE);
    } catch (ProtocolException e) {
      throw new PeerAuthenticationException("bad " + what + " frame: " + e.getMessage());
    }
    if (body == null) {
      throw new EOFException("the peer closed the connection before its " + what + " message");
    }
    if (body.length == 0) {
      throw new PeerAuthenticationException("a keep-alive instead of the " + what + " message");
    }
    return body;
  }
}
