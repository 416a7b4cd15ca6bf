// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import static network.perun.node.cli.PerunProcesses.befriend;
import static network.perun.node.cli.PerunProcesses.client;
import static network.perun.node.cli.PerunProcesses.open;
import static network.perun.node.cli.PerunProcesses.pay;
import static network.perun.node.cli.PerunProcesses.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.PerunAbi;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.node.PerunCli;
import network.perun.node.api.ApiClient;
import network.perun.node.cli.PerunProcesses.Started;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.NodeConfig;
import network.perun.node.config.OwnerOnlyFiles;
import network.perun.node.daemon.NodeIdentity;
import network.perun.node.eth.LocalAnvil;
import network.perun.node.http.HttpJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes as separate JVM processes on one Anvil chain, as the README's walkthrough does it: the contracts deployed
 * with {@code perun deploy}, each node made by {@code perun init --backend eth} (a new keystore account, funded from
 * Anvil's dev accounts), a channel in ether opened, paid both ways and settled
 * through the API, with one node restarted mid-channel. Afterwards the ether adds up to the wei: each account holds
 * what it had, minus its deposit, plus what the AssetHolder's {@code Withdrawn} events paid it, minus the fees of its
 * own transactions, and the metrics of the node that ran throughout count exactly those transactions, their gas and
 * their fees.
 */
class EthTwoNodeProcessTest {
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final BigInteger START = ETHER.multiply(BigInteger.TEN);
  private static final BigInteger DEPOSIT = BigInteger.TEN.pow(15);
  /** The key of Anvil's first dev account (the public test mnemonic's; never use it for value). */
  private static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  @TempDir Path dir;

  private PerunProcesses processes;

  @BeforeEach
  void harness() {
    processes = new PerunProcesses(dir);
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    processes.close();
  }

  @Test
  void twoNodeProcessesOnAnvilOpenPayBothWaysSurviveARestartAndSettleAndTheEtherAddsUp() throws Exception {
    try (LocalAnvil anvil = LocalAnvil.start()) {
      Contracts contracts = deploy(anvil);
      Path aliceDir = init("alice", anvil, contracts);
      Path bobDir = init("bob", anvil, contracts);
      Address aliceAccount = account(aliceDir);
      Address bobAccount = account(bobDir);
      anvil.fund(0, aliceAccount, START);
      anvil.fund(1, bobAccount, START);
      long firstBlock = anvil.rpc().blockNumber() + 1;

      processes.startNode("alice", aliceDir);
      Started bobProcess = processes.startNode("bob", bobDir);
      String channel;
      try (ApiClient alice = client(aliceDir); ApiClient bob = client(bobDir)) {
        JsonNode health = alice.get("/health");
        assertEquals(START.toString(), health.path("onChainBalance").asText(), "the node reads its account's ether");
        assertEquals(EthAddress.checksummed(aliceAccount), health.path("account").asText(), "the keystore's account, EIP-55");
        befriend(alice, "bob", bob, bobDir);
        befriend(bob, "alice", alice, aliceDir);

        channel = open(alice, "bob", DEPOSIT.toString(), DEPOSIT.toString());
        assertEquals("700000000000000", pay(alice, channel, "300000000000000").path("balance").asText());
        assertEquals("500000000000000", pay(bob, channel, "800000000000000").path("balance").asText());
      }

      // bob stops (SIGTERM) and comes back: the channel, with its Ethereum signatures, returns from the store.
      bobProcess.process().destroy();
      assertTrue(bobProcess.process().waitFor(30, TimeUnit.SECONDS), "bob stops on SIGTERM");
      processes.startNode("bob", bobDir);
      BigInteger aliceFinal = new BigInteger("1400000000000000");
      BigInteger bobFinal = new BigInteger("600000000000000");
      try (ApiClient alice = client(aliceDir); ApiClient bob = client(bobDir)) {
        JsonNode restored = bob.get("/channels/" + channel);
        assertEquals(2, restored.path("version").asLong(), restored.toString());
        assertEquals("500000000000000", restored.path("balance").asText(), restored.toString());
        assertEquals(aliceFinal.toString(), pay(alice, channel, "100000000000000").path("balance").asText());
        settle(alice, bob, channel);

        EthRpc rpc = anvil.rpc();
        long lastBlock = rpc.blockNumber();
        ChannelId id = ChannelId.fromHex(channel);
        Map<Address, BigInteger> finals = Map.of(aliceAccount, aliceFinal, bobAccount, bobFinal);
        try (EthChain chain = new EthChain(new EthRpc(JsonRpc.connect(anvil.endpoint(), Duration.ofSeconds(10))), contracts.adjudicator(),
            EthChain.Settings.defaults())) {
          for (Map.Entry<Address, BigInteger> participant : finals.entrySet()) {
            Bytes fundingId = PerunAbi.fundingId(id, participant.getKey());
            assertEquals(BigInteger.ZERO, chain.holdings(contracts.assetHolder(), fundingId), "everything is withdrawn");
            assertEquals(participant.getValue(), withdrawn(rpc, contracts.assetHolder(), fundingId, participant.getKey(), firstBlock, lastBlock),
                "the AssetHolder paid " + EthAddress.checksummed(participant.getKey()) + " its final balance");
          }
        }
        for (Map.Entry<ApiClient, Address> node : Map.of(alice, aliceAccount, bob, bobAccount).entrySet()) {
          Address account = node.getValue();
          Fees fees = fees(rpc, account, firstBlock, lastBlock);
          BigInteger expected = START.subtract(DEPOSIT).add(finals.get(account)).subtract(fees.wei());
          assertEquals(expected, rpc.balance(account), "start - deposit + withdrawn - fees for " + EthAddress.checksummed(account));
          assertEquals(expected.toString(), node.getKey().get("/health").path("onChainBalance").asText());
        }

        // alice ran throughout: her metrics count exactly her transactions, their gas and their fees.
        Fees fees = fees(rpc, aliceAccount, firstBlock, lastBlock);
        String metrics = alice.getText("/metrics");
        assertEquals(fees.transactions(), sum(metrics, "perun_onchain_transactions_total{"), metrics);
        assertEquals(BigInteger.valueOf(fees.gas()), sum(metrics, "perun_onchain_gas_used_total{"), metrics);
        assertEquals(fees.wei(), sum(metrics, "perun_onchain_fees_wei_total{"), metrics);
        assertTrue(metrics.contains("perun_onchain_transactions_total{operation=\"fund\",result=\"ok\"} 1.0"), "one deposit: " + metrics);
        assertTrue(metrics.contains("perun_onchain_transactions_total{operation=\"withdraw\",result=\"ok\"} 2.0"),
            "the conclusion and the withdrawal: " + metrics);
        String bobMetrics = bob.getText("/metrics");
        assertTrue(bobMetrics.contains("perun_onchain_transactions_total{operation=\"withdraw\",result=\"ok\"} 1.0"),
            "bob withdraws after alice concluded: " + bobMetrics);
      }
    }
  }

  /** What {@code perun deploy --json} deployed. */
  private record Contracts(Address adjudicator, Address assetHolder, long block) {}

  /** {@code perun deploy} from Anvil's first dev account, as the README does it. */
  private Contracts deploy(LocalAnvil anvil) throws Exception {
    Path key = dir.resolve("dev.key");
    OwnerOnlyFiles.create(key, DEV_KEY + "\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = PerunCli.execute(new PrintWriter(out), new PrintWriter(err), "deploy", "--rpc", anvil.endpoint().toString(), "--private-key-file",
        key.toString(), "--chain-id", Long.toString(LocalAnvil.CHAIN_ID), "--json");
    assertEquals(PerunCli.EXIT_OK, exit, out + "\n" + err);
    JsonNode deployed = HttpJson.MAPPER.readTree(out.toString());
    return new Contracts(EthAddress.of(deployed.path("adjudicator").asText()), EthAddress.of(deployed.path("assetHolderETH").asText()),
        deployed.path("block").asLong());
  }

  private Path init(String name, LocalAnvil anvil, Contracts contracts) throws Exception {
    return processes.init(name, "--backend", "eth", "--rpc-url", anvil.endpoint().toString(), "--chain-id", Long.toString(LocalAnvil.CHAIN_ID),
        "--adjudicator", EthAddress.checksummed(contracts.adjudicator()), "--asset-holder", EthAddress.checksummed(contracts.assetHolder()), "--lightkdf",
        "--set", "eth.poll-interval-ms=50", "--set", "eth.from-block=" + contracts.block(),
        "--set", "policy.max-auto-deposit=" + ETHER, "--set", "policy.max-auto-payment=" + ETHER);
  }

  private static Address account(Path dataDir) {
    NodeConfig config = ConfigLoader.load(Optional.of(dataDir.resolve("perun.toml")), Map.of(), Map.of());
    return NodeIdentity.load(config).address();
  }

  /** What the {@code Withdrawn} events of {@code fundingId} at {@code holder} paid {@code receiver}. */
  private static BigInteger withdrawn(EthRpc rpc, Address holder, Bytes fundingId, Address receiver, long from, long to) {
    BigInteger sum = BigInteger.ZERO;
    for (EthRpc.Log log : rpc.logs(holder, List.of(Optional.of(PerunCalls.WITHDRAWN_TOPIC), Optional.of(fundingId)), from, to)) {
      byte[] data = log.data().toArray();
      assertEquals(receiver, EthAddress.of(java.util.Arrays.copyOfRange(data, 44, 64)), "paid to the participant itself");
      sum = sum.add(new BigInteger(1, java.util.Arrays.copyOfRange(data, 0, 32)));
    }
    return sum;
  }

  /** The transactions {@code sender} sent in blocks {@code [from, to]}: count, gas and fees, from their receipts. */
  private record Fees(BigInteger transactions, long gas, BigInteger wei) {}

  private static Fees fees(EthRpc rpc, Address sender, long from, long to) {
    BigInteger count = BigInteger.ZERO;
    long gas = 0;
    BigInteger wei = BigInteger.ZERO;
    for (long n = from; n <= to; n++) {
      JsonNode block = rpc.raw().call("eth_getBlockByNumber", List.of(EthRpc.toQuantity(BigInteger.valueOf(n)), true));
      for (JsonNode tx : block.path("transactions")) {
        if (!EthAddress.of(tx.path("from").asText()).equals(sender)) {
          continue;
        }
        JsonNode receipt = rpc.raw().call("eth_getTransactionReceipt", List.of(tx.path("hash").asText()));
        long used = EthRpc.quantity(receipt.get("gasUsed")).longValueExact();
        count = count.add(BigInteger.ONE);
        gas += used;
        wei = wei.add(EthRpc.quantity(receipt.get("effectiveGasPrice")).multiply(BigInteger.valueOf(used)));
      }
    }
    return new Fees(count, gas, wei);
  }

  /** The sum of every sample of the metric whose lines start with {@code prefix}, as a whole number. */
  private static BigInteger sum(String metrics, String prefix) {
    BigDecimal sum = BigDecimal.ZERO;
    for (String line : metrics.lines().filter(l -> l.startsWith(prefix)).toList()) {
      sum = sum.add(new BigDecimal(line.substring(line.lastIndexOf(' ') + 1)));
    }
    return sum.toBigIntegerExact();
  }
}
