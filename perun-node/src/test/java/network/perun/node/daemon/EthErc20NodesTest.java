// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import network.perun.api.Address;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthBackend;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.PerunAbi;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.chain.PerunDeployment;
import network.perun.backend.eth.rpc.TransactionSender;
import network.perun.node.chain.EthChainConnection;
import network.perun.node.daemon.InProcessNetwork.Running;
import network.perun.node.eth.LocalAnvil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes (in this JVM, on the in-memory transport) with channels in an ERC20 token on Anvil: the funder
 * approves and deposits, and after paying both ways and settling each holds exactly its start, minus its deposit,
 * plus its final balance (gas is paid in ether, so the token adds up to the unit).
 */
class EthErc20NodesTest {
  /** The key of Anvil's first dev account (the public test mnemonic's; never use it for value). */
  private static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  private static final BigInteger START = BigInteger.valueOf(1000);

  @TempDir Path dir;

  @Test
  void twoNodesOpenPayBothWaysAndSettleInATokenAndTheTokensAddUp() throws Exception {
    try (LocalAnvil anvil = LocalAnvil.start()) {
      EthAccount dev = new EthWallet().addPrivateKey(DEV_KEY);
      PerunDeployment deployment = new PerunDeployment(anvil.rpc(), dev, EthChain.Settings.defaults());
      PerunDeployment.Contracts contracts = deployment.deployAdjudicatorAndEthHolder();
      Address token = deployment.deployTestToken(List.of(dev.address()), START.multiply(BigInteger.TEN));
      Address holder = deployment.deployErc20Holder(contracts.adjudicator(), token);
      Map<String, String> values = Map.of("backend", "eth", "eth.rpc-url", anvil.endpoint().toString(), "eth.chain-id", "31337",
          "eth.adjudicator", EthAddress.checksummed(contracts.adjudicator()), "eth.asset-holder-erc20", EthAddress.checksummed(holder),
          "eth.token", EthAddress.checksummed(token), "eth.poll-interval-ms", "50", "eth.from-block", Long.toString(contracts.block()));
      TransactionSender tokens = new TransactionSender(anvil.rpc(), anvil.rpc().chainId(), dev, TransactionSender.Settings.defaults());

      try (InProcessNetwork net = new InProcessNetwork(new EthBackend().walletBackend().signatureSize(), (config, identity) -> new ProductionConnector()
          .chain(config, identity));
          Running alice = net.start(dir.resolve("alice"), values);
          Running bob = net.start(dir.resolve("bob"), values)) {
        Address aliceAccount = alice.node().identity().address();
        Address bobAccount = bob.node().identity().address();
        for (Address account : List.of(aliceAccount, bobAccount)) {
          anvil.fund(1, account, BigInteger.TEN.pow(18));
          tokens.send("transfer tokens", token, BigInteger.ZERO, PerunCalls.transfer(account, START));
        }
        assertEquals(START, alice.node().chain().balance(aliceAccount), "the node's balance is its token balance");
        alice.node().addContact("bob", bob.node().identity().wireAddressHex(), "127.0.0.1:1");
        bob.node().addContact("alice", alice.node().identity().wireAddressHex(), "127.0.0.1:1");

        ChannelView opened = alice.node().open("bob", BigInteger.valueOf(100), BigInteger.valueOf(100), OptionalLong.empty());
        String id = opened.id().bytes().toHex();
        assertEquals(BigInteger.valueOf(70), alice.node().pay(id, BigInteger.valueOf(30)).ourBalance());
        assertEquals(BigInteger.valueOf(80), bob.node().pay(id, BigInteger.valueOf(50)).ourBalance());
        long aliceEvents = alice.node().events().lastId();
        long bobEvents = bob.node().events().lastId();
        alice.node().close(id);
        awaitEvent(alice.node(), aliceEvents, "channel-settled");
        awaitEvent(bob.node(), bobEvents, "channel-settled");

        EthChain chain = ((EthChainConnection) alice.node().chain()).chain();
        assertEquals(START.add(BigInteger.valueOf(20)), chain.tokenBalance(token, aliceAccount), "1000 - 100 + 120");
        assertEquals(START.subtract(BigInteger.valueOf(20)), chain.tokenBalance(token, bobAccount), "1000 - 100 + 80");
        for (Address account : List.of(aliceAccount, bobAccount)) {
          assertEquals(BigInteger.ZERO, chain.holdings(holder, PerunAbi.fundingId(opened.id(), account)), "everything is withdrawn");
        }
      }
    }
  }

  private static NodeEvent awaitEvent(Node node, long after, String type) throws InterruptedException {
    long seen = after;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      for (NodeEvent e : node.events().after(seen, 100, Duration.ofSeconds(5))) {
        seen = e.id();
        if (e.type().equals(type)) {
          return e;
        }
        if (e.type().equals("settle-failed")) {
          throw new AssertionError("settlement failed: " + e.toJson());
        }
      }
    }
    throw new AssertionError("no " + type + " event within 60 s");
  }
}
