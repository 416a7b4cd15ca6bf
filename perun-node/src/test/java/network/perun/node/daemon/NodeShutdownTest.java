// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import network.perun.node.daemon.InProcessNetwork.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutdown with an update in flight: it gets the grace period, then it is interrupted and rolled back. */
class NodeShutdownTest {
  @TempDir Path dir;

  @Test
  void anUpdateStillInFlightAfterTheGraceIsRolledBackAndNewRequestsAreRefused() throws Exception {
    try (InProcessNetwork net = new InProcessNetwork()) {
      Running alice = net.start(dir.resolve("alice"), Map.of("shutdown-grace", "1"));
      Running bob = net.start(dir.resolve("bob"), Map.of("policy.payments", "ask"));
      try {
        alice.node().addContact("bob", bob.node().identity().wireAddressHex(), "127.0.0.1:1");
        bob.node().addContact("alice", alice.node().identity().wireAddressHex(), "127.0.0.1:1");
        String id = alice.node().open("bob", BigInteger.TEN, BigInteger.ZERO, OptionalLong.empty()).id().bytes().toHex();
        long bobEvents = bob.node().events().lastId();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread payer = Thread.ofVirtual().start(() -> {
          try {
            alice.node().pay(id, BigInteger.ONE);
          } catch (Throwable t) {
            failure.set(t);
          }
        });
        awaitType(bob, bobEvents, "decision-pending");

        alice.close(); // bob never decides: alice's update is still waiting for his signature

        payer.join();
        assertTrue(failure.get() instanceof InterruptedException, "the payment was interrupted: " + failure.get());
        ChannelView after = alice.node().channels().get(0);
        assertEquals(0, after.version(), "rolled back to the last fully signed state");
        assertEquals(BigInteger.TEN, after.ourBalance());
        NodeException refused = assertThrows(NodeException.class, () -> alice.node().pay(id, BigInteger.ONE));
        assertEquals(ErrorCode.SHUTTING_DOWN, refused.code());
      } finally {
        bob.close();
      }
    }
  }

  private static void awaitType(Running who, long after, String type) throws InterruptedException {
    long seen = after;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (NodeEvent e : who.node().events().after(seen, 1000, Duration.ofSeconds(1))) {
        seen = e.id();
        if (e.type().equals(type)) {
          return;
        }
      }
    }
    throw new AssertionError("no " + type + " event within 20 s");
  }
}
