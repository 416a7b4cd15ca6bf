// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import network.perun.api.WireAddress;
import network.perun.api.message.ChannelProposalRej;
import network.perun.api.message.Envelope;
import network.perun.api.message.Message;
import network.perun.api.message.ProposalId;
import network.perun.testkit.random.RandomValues;
import network.perun.wire.codec.PerunIoCodec;

/** Nodes for the TCP tests: seeded identities, subscribed collectors, bounded waits; closes what it made. */
final class Nodes implements AutoCloseable {
  /** The bound of every wait in these tests (a hang guard, never a measurement). */
  static final Duration WAIT = Duration.ofSeconds(15);
  static final PerunIoCodec CODEC = new PerunIoCodec(64);
  static final Ed25519WireVerifier VERIFIER = new Ed25519WireVerifier();

  final RandomValues random;
  private final List<AutoCloseable> opened = new ArrayList<>();

  Nodes(long seed) {
    this.random = new RandomValues(seed);
  }

  String seed() {
    return "seed " + random.seed();
  }

  Ed25519WireIdentity identity() {
    return Ed25519WireIdentity.fromSeed(random.bytes(Ed25519WireIdentity.KEY_LENGTH));
  }

  /** A started node with a fresh identity, its builder adjusted by {@code settings}, subscribed to a collector. */
  Node node(UnaryOperator<TcpTransport.Builder> settings) {
    TcpTransport t = settings.apply(TcpTransport.builder(identity(), VERIFIER, CODEC)).start();
    opened.add(t);
    Collector c = new Collector();
    t.subscribe(t.address(), c);
    return new Node(t, c);
  }

  Node node() {
    return node(b -> b);
  }

  <T extends AutoCloseable> T closeLater(T resource) {
    opened.add(resource);
    return resource;
  }

  /** Makes {@code a} and {@code b} know each other's listen addresses. */
  static void introduce(Node a, Node b) {
    a.transport.addPeer(b.address(), b.transport.listenAddress());
    b.transport.addPeer(a.address(), a.transport.listenAddress());
  }

  Message message(String text) {
    return new ChannelProposalRej(new ProposalId(random.bytes(ProposalId.LENGTH)), text);
  }

  /** Asserts that {@code a} and {@code b} exchange one envelope each way, and that nothing else arrives first. */
  void assertExchange(Node a, Node b) throws InterruptedException {
    Message there = message("from " + a.address());
    a.transport.send(new Envelope(a.address(), b.address(), there));
    assertEquals(new Envelope(a.address(), b.address(), there), b.received.next(seed()), seed());
    Message back = message("from " + b.address());
    b.transport.send(new Envelope(b.address(), a.address(), back));
    assertEquals(new Envelope(b.address(), a.address(), back), a.received.next(seed()), seed());
  }

  /** Waits until {@code condition} holds, at most {@link #WAIT}. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + WAIT + ": " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
  }

  /** A transport and what its subscriber received. */
  record Node(TcpTransport transport, Collector received) {
    WireAddress address() {
      return transport.address();
    }
  }

  /** Collects delivered envelopes for bounded takes. */
  static final class Collector implements Consumer<Envelope> {
    final BlockingQueue<Envelope> queue = new LinkedBlockingQueue<>();

    @Override
    public void accept(Envelope e) {
      queue.add(e);
    }

    Envelope next(String context) throws InterruptedException {
      Envelope e = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(e, "no envelope within " + WAIT + "; " + context);
      return e;
    }
  }
}
