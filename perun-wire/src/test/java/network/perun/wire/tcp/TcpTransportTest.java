// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import network.perun.api.message.ChannelProposalRej;
import network.perun.api.message.Envelope;
import network.perun.api.message.Ping;
import network.perun.api.message.ProposalId;
import network.perun.api.spi.PeerUnreachableException;
import network.perun.wire.tcp.Nodes.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** Connecting, de-duplication, reconnecting and the failure modes of {@link TcpTransport} on loopback. */
@Timeout(60)
class TcpTransportTest {
  private static final long SEED = 6;

  private static Nodes nodes(TestInfo info) {
    return new Nodes(SEED ^ info.getDisplayName().hashCode());
  }

  @Test
  void twoNodesExchangeEnvelopesBothWays(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node();
      Node b = n.node();
      Nodes.introduce(a, b);
      n.assertExchange(a, b);
      n.assertExchange(b, a);
      assertEquals(1, a.transport().openConnections(), n.seed());
      assertEquals(1, b.transport().openConnections(), n.seed());
    }
  }

  @Test
  void aNodeOnlyReachableByItsIncomingConnectionCanBeAnswered(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node();
      Node b = n.node();
      a.transport().addPeer(b.address(), b.transport().listenAddress()); // b does not know where a listens
      n.assertExchange(a, b);
    }
  }

  @Test
  void simultaneousDialsKeepTheConnectionOfTheSmallerIdentityOnBothSides(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      for (int round = 0; round < 12; round++) {
        Node a = n.node();
        Node b = n.node();
        Nodes.introduce(a, b);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
          Future<?> fa = pool.submit(() -> {
            start.await();
            a.transport().send(new Envelope(a.address(), b.address(), n.message("a")));
            return null;
          });
          Future<?> fb = pool.submit(() -> {
            start.await();
            b.transport().send(new Envelope(b.address(), a.address(), n.message("b")));
            return null;
          });
          fa.get(Nodes.WAIT.toMillis(), TimeUnit.MILLISECONDS);
          fb.get(Nodes.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
          pool.shutdownNow();
        }
        assertEquals(a.address(), b.received().next(n.seed()).sender(), n.seed());
        assertEquals(b.address(), a.received().next(n.seed()).sender(), n.seed());
        Nodes.await(() -> a.transport().openConnections() == 1 && b.transport().openConnections() == 1, "one connection left on each side; " + n.seed());
        Optional<Boolean> aDialed = a.transport().connectionDialedByUs(b.address());
        Optional<Boolean> bDialed = b.transport().connectionDialedByUs(a.address());
        assertTrue(aDialed.isPresent() && bDialed.isPresent(), n.seed());
        assertNotEquals(aDialed.get(), bDialed.get(), "both sides use the same connection; " + n.seed());
        if (a.transport().dialsStarted() > 0 && b.transport().dialsStarted() > 0) {
          boolean aIsSmaller = a.address().compareTo(b.address()) < 0;
          assertEquals(aIsSmaller, aDialed.get(), "the connection dialed by the smaller identity is kept; " + n.seed());
        }
        n.assertExchange(a, b);
        n.assertExchange(b, a);
      }
    }
  }

  @Test
  void aReplacedConnectionLosesAndReordersNothing(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node();
      Node b = n.node();
      Nodes.introduce(a, b);
      Node smaller = a.address().compareTo(b.address()) < 0 ? a : b;
      Node larger = smaller == a ? b : a;
      int count = 300;
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      try {
        Future<?> fromA = pool.submit(() -> stream(a, b, count));
        Future<?> fromB = pool.submit(() -> stream(b, a, count));
        for (int i = 0; i < count; i++) {
          assertEquals(new Ping(i), b.received().next(n.seed()).message(), "from a to b; " + n.seed());
          if (i % 60 == 30) {
            smaller.transport().dialAgain(larger.address()); // the larger side always accepts the smaller's dial
          }
        }
        for (int i = 0; i < count; i++) {
          assertEquals(new Ping(i), a.received().next(n.seed()).message(), "from b to a; " + n.seed());
        }
        fromA.get(Nodes.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        fromB.get(Nodes.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        pool.shutdownNow();
      }
      Nodes.await(() -> a.transport().openConnections() == 1 && b.transport().openConnections() == 1, "the replaced connections closed on both sides; " + n.seed());
      assertNotEquals(a.transport().connectionDialedByUs(b.address()).orElseThrow(), b.transport().connectionDialedByUs(a.address()).orElseThrow(), n.seed());
      n.assertExchange(a, b);
    }
  }

  private static Void stream(Node from, Node to, int count) {
    for (int i = 0; i < count; i++) {
      from.transport().send(new Envelope(from.address(), to.address(), new Ping(i)));
      if (i % 10 == 0) {
        Thread.yield();
      }
    }
    return null;
  }

  @Test
  void aSendAfterTheConnectionBrokeDialsAgain(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node();
      Node b = n.node();
      Nodes.introduce(a, b);
      n.assertExchange(a, b);
      long dialsBefore = a.transport().dialsStarted() + b.transport().dialsStarted();
      a.transport().cutConnections();
      Nodes.await(() -> a.transport().openConnections() == 0 && b.transport().openConnections() == 0, "the cut connection is gone on both sides");
      n.assertExchange(a, b);
      assertTrue(a.transport().dialsStarted() + b.transport().dialsStarted() > dialsBefore, "a new connection was dialed; " + n.seed());
    }
  }

  @Test
  void envelopesKeptForAPeerThatRestartsArriveAfterItIsBack(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node(b -> b.dialAttempts(5, Duration.ofMillis(50)));
      Ed25519WireIdentity bIdentity = n.identity();
      TcpTransport b1 = TcpTransport.builder(bIdentity, Nodes.VERIFIER, Nodes.CODEC).start();
      a.transport().addPeer(bIdentity.address(), b1.listenAddress());
      Nodes.Collector atB1 = new Nodes.Collector();
      b1.subscribe(bIdentity.address(), atB1);
      a.transport().send(new Envelope(a.address(), bIdentity.address(), n.message("before the restart")));
      atB1.next(n.seed());
      int port = b1.port();
      b1.close();
      Nodes.await(() -> a.transport().openConnections() == 0, "a notices that b is gone");
      TcpTransport b2 = n.closeLater(TcpTransport.builder(bIdentity, Nodes.VERIFIER, Nodes.CODEC).listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).start());
      Nodes.Collector atB2 = new Nodes.Collector();
      b2.subscribe(bIdentity.address(), atB2);
      ChannelProposalRej m = (ChannelProposalRej) n.message("after the restart");
      a.transport().send(new Envelope(a.address(), bIdentity.address(), m));
      assertEquals(m, atB2.next(n.seed()).message(), n.seed());
    }
  }

  @Test
  void aPeerWithoutAnAddressIsUnreachable(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node();
      WireAddress stranger = n.identity().address();
      PeerUnreachableException e = assertThrows(PeerUnreachableException.class, () -> a.transport().send(new Envelope(a.address(), stranger, n.message("x"))));
      assertTrue(e.getMessage().contains("no known network address"), e.getMessage());
    }
  }

  @Test
  void aPeerThatDoesNotListenIsUnreachableAfterTheDialAttempts(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node(b -> b.dialAttempts(3, Duration.ofMillis(10)));
      int freePort;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        freePort = s.getLocalPort();
      }
      WireAddress offline = n.identity().address();
      a.transport().addPeer(offline, new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort));
      PeerUnreachableException e = assertThrows(PeerUnreachableException.class, () -> a.transport().send(new Envelope(a.address(), offline, n.message("x"))));
      assertTrue(e.getMessage().contains("3 dial attempts failed"), e.getMessage());
      assertEquals(3, a.transport().dialsStarted(), n.seed());
    }
  }

  @Test
  void aListenerWithAnotherIdentityRefusesTheDialer(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node();
      Node b = n.node();
      WireAddress expected = n.identity().address();
      a.transport().addPeer(expected, b.transport().listenAddress());
      assertThrows(PeerUnreachableException.class, () -> a.transport().send(new Envelope(a.address(), expected, n.message("x"))));
      assertTrue(b.transport().authenticationFailures() >= 1, "b refused a proof addressed to someone else; " + n.seed());
      assertTrue(b.received().queue.isEmpty(), n.seed());
      assertEquals(0, a.transport().openConnections(), n.seed());
    }
  }

  @Test
  void aFullSendQueueToAPeerThatDoesNotReadFailsTheSendAndOtherPeersAreServed(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node node = n.node(b -> b.sendQueueCapacity(2).writeTimeout(Duration.ofMillis(500)));
      Node honest = n.node();
      Nodes.introduce(node, honest);
      Ed25519WireIdentity stuck = n.identity();
      try (RawPeer raw = RawPeer.connect(node.transport().listenAddress(), NodeTls.generate(new SecureRandom()))) {
        raw.authenticate(stuck, node.address(), new SecureRandom());
        Nodes.await(() -> node.transport().openConnections() == 1, "the stuck peer is connected");
        String big = "x".repeat(60_000);
        PeerUnreachableException failure = null;
        for (int i = 0; i < 10_000 && failure == null; i++) {
          try {
            node.transport().send(new Envelope(node.address(), stuck.address(), new ChannelProposalRej(new ProposalId(n.random.bytes(32)), big)));
          } catch (PeerUnreachableException e) {
            failure = e;
          }
        }
        assertTrue(failure != null, "sending to a peer that never reads must fail at some point; " + n.seed());
        n.assertExchange(node, honest);
      }
    }
  }

  @Test
  void aPeerThatStopsReadingIsCutAtTheWriteDeadline(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node node = n.node(b -> b.writeTimeout(Duration.ofMillis(300)));
      Node honest = n.node();
      Nodes.introduce(node, honest);
      Ed25519WireIdentity stuck = n.identity();
      try (RawPeer raw = RawPeer.connect(node.transport().listenAddress(), NodeTls.generate(new SecureRandom()))) {
        raw.authenticate(stuck, node.address(), new SecureRandom());
        Nodes.await(() -> node.transport().openConnections() == 1, "the stuck peer is connected");
        String big = "x".repeat(60_000);
        boolean refused = false;
        for (int i = 0; i < 400 && !refused; i++) { // 24 MB, far more than the socket buffers hold
          try {
            node.transport().send(new Envelope(node.address(), stuck.address(), new ChannelProposalRej(new ProposalId(n.random.bytes(32)), big)));
          } catch (PeerUnreachableException e) {
            refused = true; // the connection is gone already, and the stuck peer has no address to dial
          }
        }
        Nodes.await(() -> node.transport().openConnections() == 0, "the connection to a peer that does not read is closed at the write deadline; " + n.seed());
        assertTrue(raw.closedByNode(), n.seed());
        n.assertExchange(node, honest);
      }
    }
  }

  @Test
  void anIdleConnectionCarriesKeepAlivesAndStaysInUse(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Duration interval = Duration.ofMillis(150); // long enough that a loaded machine does not miss three in a row
      Node a = n.node(b -> b.keepAliveInterval(interval));
      Node b = n.node(c -> c.keepAliveInterval(interval));
      Nodes.introduce(a, b);
      n.assertExchange(a, b);
      long dials = a.transport().dialsStarted() + b.transport().dialsStarted();
      // Each side sends a keep-alive per idle interval: SILENT_INTERVALS + 2 of them span more than the silence
      // that closes a connection.
      long enough = TcpTransport.SILENT_INTERVALS + 2L;
      Nodes.await(() -> a.transport().keepAlivesQueued() >= enough && b.transport().keepAlivesQueued() >= enough, "both sides send keep-alives while idle; " + n.seed());
      assertEquals(1, a.transport().openConnections(), "the keep-alives kept the connection; " + n.seed());
      assertEquals(1, b.transport().openConnections(), n.seed());
      n.assertExchange(a, b);
      n.assertExchange(b, a);
      assertEquals(dials, a.transport().dialsStarted() + b.transport().dialsStarted(), "nobody dialed again; " + n.seed());
      assertTrue(a.received().queue.isEmpty() && b.received().queue.isEmpty(), "keep-alives are not delivered; " + n.seed());
    }
  }

  @Test
  void aConnectionOnWhichNothingArrivesIsClosedAfterThreeKeepAliveIntervals(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node node = n.node(b -> b.keepAliveInterval(Duration.ofMillis(40)));
      Ed25519WireIdentity silent = n.identity();
      try (RawPeer raw = RawPeer.connect(node.transport().listenAddress(), NodeTls.generate(new SecureRandom()))) {
        raw.authenticate(silent, node.address(), new SecureRandom());
        byte[] first = raw.readFrame();
        assertEquals(0, first.length, "the node sends keep-alives on an idle connection; " + n.seed());
        assertTrue(raw.closedByNode(), "a peer that sends nothing, not even keep-alives, is cut; " + n.seed());
      }
      Nodes.await(() -> node.transport().openConnections() == 0, "the silent connection is gone; " + n.seed());
    }
  }

  @Test
  void anIdlePeerIsForgottenAndReachedAgainLater(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node(b -> b.forgetIdlePeersAfter(Duration.ofMillis(20)));
      Node b = n.node(c -> c.forgetIdlePeersAfter(Duration.ofMillis(1)));
      Nodes.introduce(a, b);
      n.assertExchange(a, b);
      assertEquals(1, a.transport().knownPeers(), "a peer with a connection is kept; " + n.seed());
      a.transport().cutConnections();
      Nodes.await(() -> a.transport().knownPeers() == 0 && b.transport().knownPeers() == 0, "both sides forget the peer without a connection; " + n.seed());
      n.assertExchange(a, b);
      n.assertExchange(b, a);
      // b forgets idle peers within a millisecond: sends and incoming connections race with the forgetting.
      for (int round = 0; round < 20; round++) {
        b.transport().cutConnections();
        Nodes.await(() -> a.transport().openConnections() == 0 && b.transport().openConnections() == 0, "the cut connection is gone on both sides; " + n.seed());
        n.assertExchange(round % 2 == 0 ? a : b, round % 2 == 0 ? b : a);
      }
      Nodes.await(() -> a.transport().openConnections() == 1 && b.transport().openConnections() == 1, "one connection left; " + n.seed());
    }
  }

  @Test
  void misuseIsRefusedWithAClearError(TestInfo info) throws Exception {
    try (Nodes n = nodes(info)) {
      Node a = n.node();
      Node b = n.node();
      Nodes.introduce(a, b);
      WireAddress other = n.identity().address();
      assertThrows(InvalidValueException.class, () -> a.transport().send(new Envelope(other, b.address(), n.message("x"))));
      assertThrows(InvalidValueException.class, () -> a.transport().send(new Envelope(a.address(), a.address(), n.message("x"))));
      assertThrows(InvalidValueException.class, () -> a.transport().subscribe(other, e -> {}));
      assertThrows(InvalidValueException.class, () -> a.transport().addPeer(a.address(), b.transport().listenAddress()));
      assertThrows(InvalidValueException.class, () -> TcpTransport.builder(n.identity(), Nodes.VERIFIER, Nodes.CODEC).maxFrameSize(10));
      assertThrows(InvalidValueException.class, () -> TcpTransport.builder(n.identity(), Nodes.VERIFIER, Nodes.CODEC).handshakeTimeout(Duration.ZERO));
      TcpTransport small = n.closeLater(TcpTransport.builder(n.identity(), Nodes.VERIFIER, Nodes.CODEC).maxFrameSize(1024).start());
      small.addPeer(b.address(), b.transport().listenAddress());
      InvalidValueException tooBig = assertThrows(InvalidValueException.class,
          () -> small.send(new Envelope(small.address(), b.address(), new ChannelProposalRej(new ProposalId(n.random.bytes(32)), "y".repeat(2000)))));
      assertTrue(tooBig.getMessage().contains("frame limit"), tooBig.getMessage());
      assertFalse(b.received().queue.stream().anyMatch(e -> e.sender().equals(small.address())), n.seed());
    }
  }

  @Test
  void listeningOnAnAddressInUseFailsWithItsAddress(TestInfo info) throws Exception {
    try (Nodes n = nodes(info); ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress where = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      TcpListenException e = assertThrows(TcpListenException.class, () -> TcpTransport.builder(n.identity(), Nodes.VERIFIER, Nodes.CODEC).listen(where).start());
      assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
