// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.Participant;
import network.perun.backend.eth.contracts.Abi.State;
import network.perun.backend.eth.contracts.Abi.SubAlloc;
import network.perun.backend.eth.contracts.Abi.WithdrawalAuth;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Measures the gas of every operation of spec 5.4's table (2 parties, 1 ETH asset, 32-zero-byte cc fields,
 * backends [1], duration 60; gasUsed from receipts, so including the 21k base cost and calldata), writes
 * {@code docs/gas.md} at the repository root, and requires each figure to be at most the Go backend's reference.
 */
class GasTest extends ContractTestBase {
  static final String FRESH_RECEIVER = "0x000000000000000000000000000000000000fe11";

  /** One row of the table: our figure beside the reference (empty where the spec gives none). */
  record Row(String operation, long ours, OptionalLong go) {
    static Row of(String operation, TransactionReceipt receipt, long go) {
      return new Row(operation, receipt.getGasUsed().longValueExact(), OptionalLong.of(go));
    }

    boolean withinReference() {
      return go.isEmpty() || ours <= go.getAsLong();
    }
  }

  final List<Row> rows = new ArrayList<>();

  void row(String operation, TransactionReceipt receipt, long go) {
    rows.add(Row.of(operation, receipt, go));
  }

  TransactionReceipt send(String to, String data) {
    return chain.send(DEPLOYER, to, data);
  }

  TransactionReceipt concludeFinal(Params p, State s) {
    return send(adjudicator, Calls.concludeFinal(p, s, sigs(p, s)));
  }

  TransactionReceipt withdraw(int dev, byte[] channelId, String receiver, BigInteger amount) {
    WithdrawalAuth auth = new WithdrawalAuth(channelId, part(dev), receiver, amount);
    return chain.send(dev, ethHolder, Calls.withdraw(auth, sign(auth.hash(), dev)));
  }

  static final BigInteger ONE = Abi.ether(1);
  static final BigInteger TWO = Abi.ether(2);

  static State ethState(Params p, long version, BigInteger a, BigInteger b) {
    return state(p, version, allocation(0, 0).withBalances(List.of(List.of(a, b))));
  }

  @Test
  void everyOperationCostsAtMostTheGoReference() throws IOException {
    // Deployments.
    row("deploy Adjudicator", chain.deploy(DEPLOYER, Artifact.load("Adjudicator")), 2_977_006);
    row("deploy AssetHolderETH", chain.deploy(DEPLOYER, Artifact.load("AssetHolderETH"), new Address(adjudicator)),
        941_410);
    row("deploy TrivialApp", chain.deploy(DEPLOYER, Artifact.load("TrivialApp")), 114_741);

    // Cooperative close: deposits, concludeFinal, withdrawals.
    Params coop = ledgerParams(1);
    row("deposit ETH (first to a fundingID)", depositEth(coop.channelId(), A, ONE), 45_801);
    row("deposit ETH (top-up of a non-zero slot)", depositEth(coop.channelId(), A, ONE), 28_641);
    depositEth(coop.channelId(), B, ONE);
    State coopFinal = ethState(coop, 5, ONE, TWO).withFinal(true);
    row("concludeFinal, 2 parties (includes setOutcome)", concludeFinal(coop, coopFinal), 153_488);
    row("withdraw ETH (existing receiver)", withdraw(A, coop.channelId(), addr(A), ONE), 45_468);
    row("withdraw ETH (fresh, empty receiver)", withdraw(B, coop.channelId(), FRESH_RECEIVER, TWO), 70_444);

    Params three = new Params(BigInteger.valueOf(DURATION), BigInteger.valueOf(2),
        List.of(part(A), part(B), part(C)), Abi.ZERO_ADDRESS, true, false);
    State threeFinal = state(three, 1, allocation(0, 0).withBalances(List.of(List.of(ONE, ONE, ONE))))
        .withFinal(true);
    row("concludeFinal, 3 parties, nothing deposited", concludeFinal(three, threeFinal), 159_752);

    // Dispute without app: register, no-op re-register, refutation, conclude.
    Params plain = ledgerParams(3);
    depositEth(plain.channelId(), A, ONE);
    depositEth(plain.channelId(), B, TWO);
    State plain1 = ethState(plain, 1, ONE, TWO);
    TransactionReceipt registered = register(plain, plain1);
    row("register, 2 parties, no app", registered, 110_355);
    State threeV1 = state(three, 1, allocation(0, 0).withBalances(List.of(List.of(ONE, ONE, ONE))));
    Params threeOther = three.withNonce(4);
    row("register, 3 parties", register(threeOther, threeV1.withChannelID(threeOther.channelId())), 119_843);
    row("register of an identical state (no-op)", register(plain, plain1), 65_263);
    State plain2 = ethState(plain, 2, TWO, ONE);
    row("register refutation (higher version)", register(plain, plain2), 78_513);
    anvil.setNextBlockTimestamp(chain.timestamp(registered) + DURATION);
    row("conclude after timeout (no app)", send(adjudicator, Calls.conclude(plain, plain2, List.of())), 104_921);

    // App channel: register, progress, conclude after FORCEEXEC.
    Params app = appParams(5);
    depositEth(app.channelId(), A, ONE);
    depositEth(app.channelId(), B, TWO);
    State app1 = ethState(app, 1, ONE, TWO);
    TransactionReceipt appRegistered = register(app, app1);
    row("register with app (TrivialApp)", appRegistered, 130_895);
    anvil.setNextBlockTimestamp(chain.timestamp(appRegistered) + DURATION);
    State app2 = ethState(app, 2, TWO, ONE);
    TransactionReceipt progressed = send(adjudicator, Calls.progress(app, app1, app2, 0, sign(app2, A)));
    row("progress (TrivialApp), per move", progressed, 90_064);
    anvil.setNextBlockTimestamp(chain.timestamp(progressed) + DURATION);
    row("conclude after FORCEEXEC", send(adjudicator, Calls.conclude(app, app2, List.of())), 99_006);

    // Ledger channel with one sub-channel.
    Params ledger = ledgerParams(6);
    Params sub = params(7, Abi.ZERO_ADDRESS, false);
    depositEth(ledger.channelId(), A, TWO);
    depositEth(ledger.channelId(), B, TWO);
    State subState = ethState(sub, 1, ONE, ONE);
    State ledgerState = ethState(ledger, 1, ONE, ONE).withOutcome(ethState(ledger, 1, ONE, ONE).outcome()
        .withLocked(List.of(new SubAlloc(sub.channelId(), List.of(TWO), List.of(0, 1)))));
    TransactionReceipt treeRegistered = register(signed(ledger, ledgerState), signed(sub, subState));
    row("register ledger + 1 sub-channel", treeRegistered, 205_347);
    anvil.setNextBlockTimestamp(chain.timestamp(treeRegistered) + DURATION);
    row("conclude ledger + 1 sub-channel",
        send(adjudicator, Calls.conclude(ledger, ledgerState, List.of(subState))), 131_803);

    // ERC20.
    DynamicArray<Address> holders = new DynamicArray<>(Address.class, List.of(new Address(addr(A)),
        new Address(addr(B))));
    TransactionReceipt tokenDeployed = chain.deploy(DEPLOYER, Artifact.load("PerunToken"), holders,
        new Uint256(Abi.ether(1000)));
    row("deploy PerunToken", tokenDeployed, 675_399);
    String token = tokenDeployed.getContractAddress();
    TransactionReceipt holderDeployed = chain.deploy(DEPLOYER, Artifact.load("AssetHolderERC20"),
        new Address(adjudicator), new Address(token));
    row("deploy AssetHolderERC20", holderDeployed, 1_054_252);
    String erc20Holder = holderDeployed.getContractAddress();
    Params erc = ledgerParams(8);
    row("ERC20 approve", chain.send(A, token, Calls.approve(erc20Holder, ONE)), 46_239);
    row("first ERC20 deposit", chain.send(A, erc20Holder,
        Calls.deposit(Abi.fundingId(erc.channelId(), addr(A)), ONE)), 81_350);
    chain.send(B, token, Calls.approve(erc20Holder, TWO));
    chain.send(B, erc20Holder, Calls.deposit(Abi.fundingId(erc.channelId(), addr(B)), TWO));
    State ercFinal = ethState(erc, 3, TWO, ONE).withOutcome(ethState(erc, 3, TWO, ONE).outcome()
        .withAssets(List.of(ethAsset().withEthHolder(erc20Holder)))).withFinal(true);
    row("concludeFinal (ERC20)", concludeFinal(erc, ercFinal), 147_739);
    WithdrawalAuth auth = new WithdrawalAuth(erc.channelId(), part(A), addr(A), TWO);
    row("withdraw ERC20", chain.send(A, erc20Holder, Calls.withdraw(auth, sign(auth.hash(), A))), 64_161);

    Path doc = writeDoc();
    List<Row> over = rows.stream().filter(r -> !r.withinReference()).toList();
    assertTrue(over.isEmpty(), "operations above the Go reference (see " + doc + "): " + over);
  }

  private Path writeDoc() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Gas per operation\n\n")
        .append("Written by `GasTest` (perun-backend-eth) on every test run; do not edit by hand.\n\n")
        .append("Setup as in the reference measurement: Anvil 1.7.1 (default hardfork), chain 31337, 2 parties ")
        .append("(3 where the row says so), one ETH asset, 32-zero-byte cross-chain fields, backends [1], ")
        .append("challenge duration 60. `gasUsed` comes from the receipts, so it includes the 21,000 base cost ")
        .append("and the calldata.\n\n")
        .append("- **perun-java**: our contracts (`perun-backend-eth/contracts`), solc 0.8.37, optimizer on with ")
        .append("200 runs, evmVersion cancun, no metadata trailer.\n")
        .append("- **Go reference**: the bytecode the go-perun Ethereum backend deploys (solc 0.8.15, optimizer ")
        .append("200), measured the same way.\n\n")
        .append("| Operation | perun-java | Go reference | difference |\n")
        .append("|---|---:|---:|---:|\n");
    long total = 0;
    long totalGo = 0;
    for (Row r : rows) {
      md.append("| ").append(r.operation()).append(" | ").append(String.format("%,d", r.ours())).append(" | ");
      if (r.go().isPresent()) {
        long go = r.go().getAsLong();
        md.append(String.format("%,d", go)).append(" | ").append(String.format("%+,d", r.ours() - go));
        total += r.ours();
        totalGo += go;
      } else {
        md.append("– | –");
      }
      md.append(" |\n");
    }
    md.append(String.format("| **all rows** | **%,d** | **%,d** | **%+,d** |%n", total, totalGo, total - totalGo));
    Path doc = repositoryRoot().resolve("docs").resolve("gas.md");
    Files.createDirectories(doc.getParent());
    Files.writeString(doc, md.toString(), StandardCharsets.UTF_8);
    return doc;
  }

  /** The repository root: the nearest folder upwards holding both {@code mvnw} and {@code perun-backend-eth}. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("perun-backend-eth"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

}
