// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.backend.sim.chain.SimTransaction;
import network.perun.node.daemon.ChannelView;
import network.perun.node.daemon.InProcessNetwork;
import network.perun.node.daemon.InProcessNetwork.Running;
import network.perun.node.daemon.NodeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain service and its client ports: two nodes reach one simulated chain only through its HTTP protocol, and
 * open, pay, dispute (the watcher follows the chain's events by long-polling) and settle on it.
 */
class ChainServiceTest {
  @TempDir Path dir;

  private final SimBackend backend = new SimBackend();
  private SimChain chain;
  private ChainService service;

  @BeforeEach
  void start() throws Exception {
    chain = new SimChain(backend.channelBackend(), new SimClock());
    service = ChainService.start(chain, backend.walletBackend().signatureSize(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ZERO);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void theServiceBindsToLoopbackOnly() {
    InvalidValueException e = assertThrows(InvalidValueException.class,
        () -> ChainService.start(chain, 64, new InetSocketAddress("0.0.0.0", 0), Duration.ZERO));
    assertTrue(e.getMessage().contains("loopback only"), e.getMessage());
  }

  @Test
  void timeBalancesAndMintingGoThroughTheProtocol() throws Exception {
    try (RemoteChain remote = new RemoteChain(service.url(), 64)) {
      Address someone = new Address(0, Bytes.wrap(new byte[32]));
      assertEquals(BigInteger.ZERO, remote.balance(someone, EmbeddedSimChain.ASSET));
      assertEquals(BigInteger.valueOf(70), remote.mint(someone, EmbeddedSimChain.ASSET, BigInteger.valueOf(70)));
      assertEquals(BigInteger.valueOf(70), chain.balanceOf(someone, EmbeddedSimChain.ASSET));
      assertEquals(0, remote.time());
      assertEquals(5, remote.advanceTime(5));
      assertEquals(5, chain.clock().now());
      InvalidValueException bad = assertThrows(InvalidValueException.class, () -> remote.mint(someone, EmbeddedSimChain.ASSET, BigInteger.valueOf(-1)));
      assertTrue(bad.getMessage().contains("must not be negative"), bad.getMessage());
      assertEquals(BigInteger.valueOf(70), chain.balanceOf(someone, EmbeddedSimChain.ASSET), "a refused request changes nothing");
    }
  }

  @Test
  void twoNodesOnTheServiceSettleADisputeWhoseChallengePeriodEndsOnTheServicesClock() throws Exception {
    try (InProcessNetwork net = new InProcessNetwork(config -> new RemoteSimChain(new RemoteChain(service.url(), 64), config.fundingTimeout()));
        Running alice = net.start(dir.resolve("alice"), Map.of());
        Running bob = net.start(dir.resolve("bob"), Map.of())) {
      alice.node().addContact("bob", bob.node().identity().wireAddressHex(), "127.0.0.1:1");
      bob.node().addContact("alice", alice.node().identity().wireAddressHex(), "127.0.0.1:1");
      ChannelView ch = alice.node().open("bob", BigInteger.TEN, BigInteger.TEN, OptionalLong.of(30));
      String id = ch.id().bytes().toHex();
      alice.node().pay(id, BigInteger.valueOf(4));
      assertEquals(BigInteger.valueOf(990), chain.balanceOf(alice.node().identity().address(), EmbeddedSimChain.ASSET));

      long aliceEvents = alice.node().events().lastId();
      long bobEvents = bob.node().events().lastId();
      alice.node().dispute(id);
      NodeEvent registered = await(alice, aliceEvents, "settle-registered");
      await(bob, bobEvents, "chain-registered");
      assertEquals(chain.clock().now() + 30, registered.data().path("timeoutAt").asLong());
      try (RemoteChain remote = new RemoteChain(service.url(), 64)) {
        remote.advanceTime(30);
      }
      await(alice, aliceEvents, "channel-settled");
      await(bob, bobEvents, "channel-settled");
      assertEquals(BigInteger.valueOf(996), chain.balanceOf(alice.node().identity().address(), EmbeddedSimChain.ASSET));
      assertEquals(BigInteger.valueOf(1004), chain.balanceOf(bob.node().identity().address(), EmbeddedSimChain.ASSET));
      assertEquals(1, chain.transactions().stream().filter(t -> t.kind() == SimTransaction.Kind.CONCLUDE).count(), chain.transactions().toString());
    }
  }

  private static NodeEvent await(Running who, long after, String type) throws InterruptedException {
    long seen = after;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (NodeEvent e : who.node().events().after(seen, 1000, Duration.ofSeconds(1))) {
        seen = e.id();
        if (e.type().equals(type)) {
          return e;
        }
        if (e.type().equals("settle-failed")) {
          throw new AssertionError("settlement failed: " + e.data());
        }
      }
    }
    throw new AssertionError("no " + type + " event after " + after + " within 30 s");
  }
}
