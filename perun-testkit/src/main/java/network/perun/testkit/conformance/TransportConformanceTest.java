// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import network.perun.api.message.ChannelProposalRej;
import network.perun.api.message.Envelope;
import network.perun.api.message.Message;
import network.perun.api.message.Ping;
import network.perun.api.message.ProposalId;
import network.perun.api.spi.PeerUnreachableException;
import network.perun.api.spi.Transport;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The rules every {@link Transport} must keep (go-perun's GenericBusTest, plus the subscription and close rules
 * of the transport port).
 *
 * <p>A transport runs them with a few lines that say how to give {@code n} clients a transport each:
 *
 * <pre>{@code
 * class InMemoryTransportConformanceTest extends TransportConformanceTest {
 *   protected List<Node> newNodes(int n, RandomValues random) {
 *     InMemoryTransport bus = new InMemoryTransport(new PerunIoCodec(64));
 *     return random.wireAddresses(n, 0).stream().map(a -> new Node(a, bus)).toList();
 *   }
 * }
 * }</pre>
 *
 * <p>Every wait is bounded by {@link #TIMEOUT}; no test measures time.
 */
public abstract class TransportConformanceTest {
  /** Seed base; each test mixes in its name and prints the seed on failure. */
  public static final long SEED = 1337;
  /** The bound of every wait. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** Clients and messages per sender and recipient of the all-to-all test: small enough for a quick TCP run. */
  protected static final int CLIENTS = 5;
  protected static final int MESSAGES = 40;

  /** A client of the bus: its wire address and the transport it sends and subscribes through. */
  public record Node(WireAddress address, Transport transport) {}

  private final List<Transport> opened = new ArrayList<>();

  /**
   * {@code n} clients that can all reach each other, with distinct addresses. They may share one transport (an
   * in-process bus) or have one each; every transport returned is closed after the test.
   */
  protected abstract List<Node> newNodes(int n, RandomValues random);

  private List<Node> nodes(int n, RandomValues random) {
    List<Node> nodes = newNodes(n, random);
    assertEquals(n, nodes.size(), "newNodes must return " + n + " nodes");
    nodes.forEach(node -> opened.add(node.transport()));
    return nodes;
  }

  @AfterEach
  void closeTransports() {
    opened.forEach(Transport::close);
    opened.clear();
  }

  private static RandomValues random(TestInfo info) {
    return new RandomValues(SEED ^ info.getDisplayName().hashCode());
  }

  private static Envelope envelope(Node from, Node to, Message m) {
    return new Envelope(from.address(), to.address(), m);
  }

  /** A receiver that collects envelopes for a test to take with a bounded wait. */
  private static final class Collector implements Consumer<Envelope> {
    final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();

    @Override
    public void accept(Envelope e) {
      received.add(e);
    }

    Envelope next(String what) throws InterruptedException {
      Envelope e = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(e, "no envelope within " + TIMEOUT + ": " + what);
      return e;
    }
  }

  @Test
  void everyMessageOfEveryClientArrivesInSenderOrder(TestInfo info) throws Exception {
    RandomValues random = random(info);
    String seed = "seed " + random.seed();
    List<Node> nodes = nodes(CLIENTS, random);
    int expected = CLIENTS * (CLIENTS - 1) * MESSAGES;
    CountDownLatch all = new CountDownLatch(expected);
    Map<WireAddress, Map<WireAddress, List<Long>>> got = new ConcurrentHashMap<>();
    List<Envelope> strays = Collections.synchronizedList(new ArrayList<>());
    List<AutoCloseable> subscriptions = new ArrayList<>();
    for (Node node : nodes) {
      Map<WireAddress, List<Long>> bySender = new ConcurrentHashMap<>();
      got.put(node.address(), bySender);
      subscriptions.add(node.transport().subscribe(node.address(), env -> {
        if (env.recipient().equals(node.address()) && env.message() instanceof Ping ping) {
          bySender.computeIfAbsent(env.sender(), s -> Collections.synchronizedList(new ArrayList<>())).add(ping.timeNanos());
        } else {
          strays.add(env);
        }
        all.countDown();
      }));
    }
    CyclicBarrier start = new CyclicBarrier(CLIENTS);
    ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Node from : nodes) {
        done.add(senders.submit(() -> {
          start.await();
          for (long m = 0; m < MESSAGES; m++) {
            for (Node to : nodes) {
              if (to != from) {
                from.transport().send(envelope(from, to, new Ping(m)));
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      assertTrue(all.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "only " + (expected - all.getCount()) + " of " + expected + " envelopes arrived; " + seed);
    } finally {
      senders.shutdownNow();
    }
    assertEquals(List.of(), strays, "envelopes delivered to the wrong subscriber; " + seed);
    List<Long> inOrder = new ArrayList<>();
    for (long m = 0; m < MESSAGES; m++) {
      inOrder.add(m);
    }
    for (Node to : nodes) {
      for (Node from : nodes) {
        if (from != to) {
          assertEquals(inOrder, got.get(to.address()).get(from.address()), "messages from " + from.address() + " to " + to.address() + "; " + seed);
        }
      }
    }
    for (AutoCloseable s : subscriptions) {
      s.close();
    }
  }

  @Test
  void messagesSentBeforeASubscriptionArriveAfterIt(TestInfo info) throws Exception {
    RandomValues random = random(info);
    String seed = "seed " + random.seed();
    List<Node> nodes = nodes(3, random);
    Node sender = nodes.get(0);
    Node early = nodes.get(1);
    Node late = nodes.get(2);
    Collector atEarly = new Collector();
    early.transport().subscribe(early.address(), atEarly);

    Message beforeSubscription = rejection(random, "sent before the subscription");
    sender.transport().send(envelope(sender, late, beforeSubscription));
    Message marker = rejection(random, "marker");
    sender.transport().send(envelope(sender, early, marker));
    Envelope first = atEarly.next("the marker");
    assertEquals(marker, first.message(), "the subscriber of another address got an envelope not meant for it; " + seed);

    Collector atLate = new Collector();
    late.transport().subscribe(late.address(), atLate);
    assertEquals(envelope(sender, late, beforeSubscription), atLate.next("the envelope sent before the subscription"), seed);
    Message after = rejection(random, "sent after the subscription");
    sender.transport().send(envelope(sender, late, after));
    assertEquals(after, atLate.next("the envelope sent after the subscription").message(), seed);
  }

  @Test
  void aClosedSubscriptionGetsNothingAndTheNextOneGetsWhatArrivedMeanwhile(TestInfo info) throws Exception {
    RandomValues random = random(info);
    String seed = "seed " + random.seed();
    List<Node> nodes = nodes(2, random);
    Node sender = nodes.get(0);
    Node receiver = nodes.get(1);
    Collector first = new Collector();
    AutoCloseable subscription = receiver.transport().subscribe(receiver.address(), first);
    Message one = rejection(random, "one");
    sender.transport().send(envelope(sender, receiver, one));
    assertEquals(one, first.next("the first envelope").message(), seed);
    subscription.close();

    Message two = rejection(random, "two");
    sender.transport().send(envelope(sender, receiver, two));
    Collector second = new Collector();
    receiver.transport().subscribe(receiver.address(), second);
    assertEquals(two, second.next("the envelope sent between the subscriptions").message(), seed);
    assertTrue(first.received.isEmpty(), "a closed subscription received " + first.received + "; " + seed);
  }

  @Test
  void aSecondSubscriptionOfOneAddressIsRefused(TestInfo info) throws Exception {
    RandomValues random = random(info);
    List<Node> nodes = nodes(2, random);
    Node sender = nodes.get(0);
    Node node = nodes.get(1);
    Collector first = new Collector();
    AutoCloseable subscription = node.transport().subscribe(node.address(), first);
    assertThrows(InvalidValueException.class, () -> node.transport().subscribe(node.address(), new Collector()), "seed " + random.seed());
    Message m = rejection(random, "still delivered to the first subscriber");
    sender.transport().send(envelope(sender, node, m));
    assertEquals(m, first.next("an envelope after the refused subscription").message(), "seed " + random.seed());
    subscription.close();
    Collector again = new Collector();
    node.transport().subscribe(node.address(), again);
    subscription.close(); // closing the old subscription again must not end the new one
    Message n = rejection(random, "delivered to the new subscriber");
    sender.transport().send(envelope(sender, node, n));
    assertEquals(n, again.next("an envelope after resubscribing").message(), "seed " + random.seed());
  }

  @Test
  void sendingAfterCloseFails(TestInfo info) {
    RandomValues random = random(info);
    List<Node> nodes = nodes(2, random);
    Node sender = nodes.get(0);
    Node receiver = nodes.get(1);
    sender.transport().close();
    assertThrows(PeerUnreachableException.class, () -> sender.transport().send(envelope(sender, receiver, rejection(random, "too late"))), "seed " + random.seed());
  }

  private static Message rejection(RandomValues random, String reason) {
    return new ChannelProposalRej(new ProposalId(random.bytes(ProposalId.LENGTH)), reason);
  }
}
