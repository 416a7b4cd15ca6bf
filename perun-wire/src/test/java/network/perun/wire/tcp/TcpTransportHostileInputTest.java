// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import network.perun.api.WireAddress;
import network.perun.api.codec.PerunIo;
import network.perun.api.codec.PerunIoWriter;
import network.perun.api.message.Envelope;
import network.perun.api.message.Message;
import network.perun.wire.tcp.Nodes.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input: whatever a peer sends, the node closes (or ignores) it and goes on serving an honest peer.
 *
 * <p>The node under attack has short deadlines (500 ms for the handshake and for a frame), a 64 KiB frame limit
 * and small handshake limits. Each test attacks, checks the node's reaction, then checks that the node and an
 * honest peer still exchange envelopes both ways and that nothing of the attacker's reached the subscriber.
 */
@Timeout(60)
class TcpTransportHostileInputTest {
  private static final long SEED = 66;
  private static final Duration DEADLINE = Duration.ofMillis(500);
  private static final int MAX_FRAME = 64 * 1024;
  private static final int MAX_HANDSHAKES = 8;
  private static final int MAX_HANDSHAKES_PER_ADDRESS = 4;
  private static final SecureRandom SECURE = new SecureRandom();

  private Nodes nodes;
  private Node node;
  private Node honest;
  private NodeTls attackerTls;

  /** The first TLS handshake of a JVM takes longer than the short deadlines here: do it outside the tests. */
  @BeforeAll
  static void warmUp() throws Exception {
    try (Nodes n = new Nodes(SEED)) {
      Node a = n.node();
      Node b = n.node();
      Nodes.introduce(a, b);
      n.assertExchange(a, b);
    }
  }

  @BeforeEach
  void start(TestInfo info) {
    nodes = new Nodes(SEED ^ info.getDisplayName().hashCode());
    node = nodes.node(b -> b.handshakeTimeout(DEADLINE).readTimeout(DEADLINE).maxFrameSize(MAX_FRAME)
        .maxPendingHandshakes(MAX_HANDSHAKES, MAX_HANDSHAKES_PER_ADDRESS));
    honest = nodes.node(b -> b.dialAttempts(5, Duration.ofMillis(100)));
    Nodes.introduce(node, honest);
    attackerTls = NodeTls.generate(SECURE);
  }

  @AfterEach
  void stop() throws Exception {
    nodes.close();
  }

  private void assertStillServes() throws InterruptedException {
    nodes.assertExchange(honest, node);
    nodes.assertExchange(node, honest);
    assertTrue(node.received().queue.isEmpty(), "the attacker's input reached the subscriber: " + node.received().queue + "; " + nodes.seed());
  }

  private RawPeer raw() throws Exception {
    return raw("127.0.0.1");
  }

  private RawPeer raw(String localIp) throws Exception {
    return RawPeer.connect(node.transport().listenAddress(), localIp, attackerTls);
  }

  /** A raw peer that passed the authentication exchange with a fresh identity. */
  private RawPeer authenticated(Ed25519WireIdentity attacker) throws Exception {
    RawPeer p = raw().authenticate(attacker, node.address(), SECURE);
    Nodes.await(() -> node.transport().connectionDialedByUs(attacker.address()).isPresent(), "the attacker's connection is in use");
    return p;
  }

  private byte[] randomBytes(int n) {
    return nodes.random.bytes(n).toArray();
  }

  private static byte[] header(long length) {
    return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
  }

  @Test
  void randomBytesInsteadOfTls() throws Exception {
    try (RawPeer p = raw()) {
      p.write(randomBytes(4096));
      assertTrue(p.closedByNode(), nodes.seed());
    }
    assertStillServes();
  }

  @Test
  void randomBytesInsteadOfTheHello() throws Exception {
    try (RawPeer p = raw().tls()) {
      p.write(randomBytes(4096));
      assertTrue(p.closedByNode(), nodes.seed());
    }
    assertEquals(0, node.transport().openConnections(), nodes.seed());
    assertStillServes();
  }

  @Test
  void randomBytesAfterAuthentication() throws Exception {
    try (RawPeer p = authenticated(nodes.identity())) {
      p.write(randomBytes(4096));
      assertTrue(p.closedByNode(), "random bytes after the handshake close the connection; " + nodes.seed());
    }
    assertStillServes();
  }

  @Test
  void aTruncatedFrame() throws Exception {
    Ed25519WireIdentity attacker = nodes.identity();
    try (RawPeer p = authenticated(attacker)) {
      byte[] frame = Frames.frame(Nodes.CODEC.encode(new Envelope(attacker.address(), node.address(), nodes.message("cut short"))));
      p.write(java.util.Arrays.copyOf(frame, frame.length / 2));
      p.shutdownOutput();
      assertTrue(p.closedByNode(), nodes.seed());
    }
    Nodes.await(() -> node.transport().connectionDialedByUs(attacker.address()).isEmpty(), "the truncated connection is gone");
    assertStillServes();
  }

  @Test
  void anOversizedLengthBeforeAuthentication() throws Exception {
    try (RawPeer p = raw().tls()) {
      p.write(header(0xFFFF_FFFFL));
      assertTrue(p.closedByNode(), nodes.seed());
    }
    assertStillServes();
  }

  @Test
  void anOversizedLengthAfterAuthentication() throws Exception {
    try (RawPeer p = authenticated(nodes.identity())) {
      p.write(header(MAX_FRAME + 1));
      p.write(new byte[1024]);
      assertTrue(p.closedByNode(), "a length above the limit closes the connection; " + nodes.seed());
    }
    assertStillServes();
  }

  @Test
  void aValidFrameWithAMalformedMessageIsDroppedAndTheConnectionGoesOn() throws Exception {
    Ed25519WireIdentity attacker = nodes.identity();
    try (RawPeer p = authenticated(attacker)) {
      PerunIoWriter unknownType = new PerunIoWriter();
      PerunIo.writeWireAddress(unknownType, attacker.address());
      PerunIo.writeWireAddress(unknownType, node.address());
      unknownType.u8(200).raw(randomBytes(16));
      p.write(Frames.frame(unknownType.toByteArray()));
      byte[] valid = Nodes.CODEC.encode(new Envelope(attacker.address(), node.address(), nodes.message("valid")));
      p.write(Frames.frame(java.util.Arrays.copyOf(valid, valid.length - 1))); // truncated message in a whole frame
      p.write(Frames.frame(randomBytes(100)));
      Message after = nodes.message("after the malformed ones");
      p.write(Frames.frame(Nodes.CODEC.encode(new Envelope(attacker.address(), node.address(), after))));
      assertEquals(after, node.received().next(nodes.seed()).message(), "the connection survives a malformed message; " + nodes.seed());
      assertEquals(3, node.transport().droppedEnvelopes(), nodes.seed());
      assertFalse(p.closedWithin(1), nodes.seed());
    }
    assertStillServes();
  }

  @Test
  void envelopesInAnotherPeersNameOrForAnotherNodeAreDropped() throws Exception {
    Ed25519WireIdentity attacker = nodes.identity();
    try (RawPeer p = authenticated(attacker)) {
      p.write(Frames.frame(Nodes.CODEC.encode(new Envelope(honest.address(), node.address(), nodes.message("forged sender")))));
      p.write(Frames.frame(Nodes.CODEC.encode(new Envelope(attacker.address(), honest.address(), nodes.message("not for the node")))));
      p.write(Frames.frame(Nodes.CODEC.encode(new Envelope(attacker.address(), node.address(), new network.perun.api.message.AuthResponse(nodes.random.bytes(64))))));
      Message own = nodes.message("in its own name");
      p.write(Frames.frame(Nodes.CODEC.encode(new Envelope(attacker.address(), node.address(), own))));
      Envelope first = node.received().next(nodes.seed());
      assertEquals(new Envelope(attacker.address(), node.address(), own), first, nodes.seed());
      assertEquals(3, node.transport().droppedEnvelopes(), nodes.seed());
    }
    assertStillServes();
  }

  @Test
  void aPeerThatConnectsAndSendsNothingIsClosedAtTheHandshakeDeadline() throws Exception {
    try (RawPeer silent = raw(); RawPeer silentInTls = raw().tls()) {
      assertTrue(silent.closedByNode(), nodes.seed());
      assertTrue(silentInTls.closedByNode(), nodes.seed());
    }
    Nodes.await(() -> node.transport().pendingHandshakes() == 0, "no handshake left pending");
    assertStillServes();
  }

  @Test
  void aPeerThatTricklesItsTlsHandshakeIsClosedAtTheHandshakeDeadline() throws Exception {
    try (RawPeer p = raw()) {
      byte[] tlsRecordHeader = {0x16, 0x03, 0x01, 0x40, 0x00}; // a 16 KiB handshake record, then zeros
      assertTrickledUntilClosed(p, tlsRecordHeader);
    }
    assertStillServes();
  }

  @Test
  void aPeerThatTricklesAFrameIsClosedAtTheReadDeadline() throws Exception {
    Ed25519WireIdentity attacker = nodes.identity();
    try (RawPeer p = authenticated(attacker)) {
      byte[] frame = Frames.frame(Nodes.CODEC.encode(new Envelope(attacker.address(), node.address(), nodes.message("x".repeat(2000)))));
      assertTrickledUntilClosed(p, frame);
    }
    assertStillServes();
  }

  /** Sends {@code bytes} one at a time, each after a 100 ms wait for the node to close; fails if it never does. */
  private void assertTrickledUntilClosed(RawPeer p, byte[] bytes) throws Exception {
    int sent = 0;
    boolean closed = false;
    while (!closed && sent < 100) {
      if (!p.trickle(sent < bytes.length ? bytes[sent] : 0)) {
        closed = true;
      } else {
        sent++;
        closed = p.closedWithin(100);
      }
    }
    assertTrue(closed, "the node kept a connection that sent 1 byte per 100 ms for " + sent + " bytes; " + nodes.seed());
    assertTrue(sent < 50, "closed only after " + sent + " bytes; the deadline must cover the whole frame or handshake; " + nodes.seed());
  }

  /** A plain TCP connection from {@code localIp} that sends nothing; reads give up after 5 s. */
  private Socket idle(String localIp) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    s.connect(node.transport().listenAddress(), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  /**
   * A flooding connection, or empty if it was refused before it was established (a reset under load: the node
   * or the kernel already turned it away, which is what a flood should meet).
   */
  private java.util.Optional<Socket> idleOrRefused(String localIp) {
    try {
      return java.util.Optional.of(idle(localIp));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** Whether the node closed {@code s}: a read ends or breaks within 5 s. */
  private static boolean closedByNode(Socket s) {
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void aFloodOfConnectionsFromOneAddressLeavesRoomForOthers() throws Exception {
    List<Socket> flood = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        idleOrRefused("127.0.0.2").ifPresent(flood::add);
      }
      Nodes.await(() -> node.transport().refusedConnections() >= flood.size() - MAX_HANDSHAKES_PER_ADDRESS, "the node refuses all but " + MAX_HANDSHAKES_PER_ADDRESS + " of the flood");
      assertTrue(node.transport().pendingHandshakes() <= MAX_HANDSHAKES_PER_ADDRESS, nodes.seed());
      assertStillServes(); // while the flood's connections are still open
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
  }

  @Test
  void aFloodOfConnectionsFromManyAddressesIsBoundedInTotal() throws Exception {
    List<Socket> flood = new ArrayList<>();
    try {
      for (int ip = 2; ip < 12; ip++) {
        for (int i = 0; i < MAX_HANDSHAKES_PER_ADDRESS; i++) {
          idleOrRefused("127.0.0." + ip).ifPresent(flood::add);
        }
      }
      Nodes.await(() -> node.transport().refusedConnections() >= flood.size() - MAX_HANDSHAKES, "the node refuses all but " + MAX_HANDSHAKES + " of the flood");
      assertTrue(node.transport().pendingHandshakes() <= MAX_HANDSHAKES, nodes.seed());
      for (Socket s : flood) {
        assertTrue(closedByNode(s), "every flooding connection is closed, at once or at the handshake deadline; " + nodes.seed());
      }
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
    assertStillServes();
  }

  @Test
  void aReplayedAuthenticationMessageFails() throws Exception {
    Ed25519WireIdentity attacker = nodes.identity();
    byte[] nonce = randomBytes(Handshake.NONCE_LENGTH);
    byte[] recorded;
    try (RawPeer first = raw().tls().hello(nonce)) {
      recorded = first.authFrame(attacker, node.address());
      first.write(recorded);
      assertTrue(first.readFrame() != null, "the first, fresh authentication is answered; " + nodes.seed());
    }
    Nodes.await(() -> node.transport().openConnections() == 0, "the first connection is gone");
    long failuresBefore = node.transport().authenticationFailures();
    try (RawPeer replay = raw().tls().hello(nonce)) { // same certificate, same nonce: only the node's nonce is new
      replay.write(recorded);
      assertTrue(replay.closedByNode(), "a replayed authentication message gets no answer; " + nodes.seed());
    }
    assertEquals(failuresBefore + 1, node.transport().authenticationFailures(), nodes.seed());
    assertStillServes();
  }

  @Test
  void aProofMadeForAnotherNodeIsRefused() throws Exception {
    // The attacker got the honest peer to authenticate to it (the attacker plays a node the honest peer dials)
    // and forwards that proof to the node: it names another recipient, nonces and certificates.
    Ed25519WireIdentity attacker = nodes.identity();
    byte[] forwarded;
    try (RawPeer towardsAttacker = raw().tls().hello(SECURE)) {
      forwarded = towardsAttacker.authFrame(honest.transport().identity(), attacker.address());
    }
    try (RawPeer p = raw().tls().hello(SECURE)) {
      p.write(forwarded);
      assertTrue(p.closedByNode(), nodes.seed());
    }
    WireAddress victim = honest.address();
    try (RawPeer p = raw().tls().hello(SECURE)) {
      byte[] impersonation = p.authFrame(attacker, node.address());
      Envelope claimed = Nodes.CODEC.decode(java.util.Arrays.copyOfRange(impersonation, Frames.HEADER_LENGTH, impersonation.length));
      p.write(Frames.frame(Nodes.CODEC.encode(new Envelope(victim, node.address(), claimed.message())))); // signed by the attacker's key
      assertTrue(p.closedByNode(), nodes.seed());
    }
    assertEquals(2, node.transport().authenticationFailures(), nodes.seed());
    assertStillServes();
  }
}
