// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import network.perun.backend.eth.EthAddress;
import network.perun.node.PerunCli;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.NodeConfig;
import network.perun.node.daemon.NodeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perun init --backend eth}: what it asks for, what it writes and what it tells the user. */
class InitCommandTest {
  private static final String ADJUDICATOR = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  private static final String HOLDER = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run perun(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = PerunCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void writesAnEthNodeWithANewAccountAndEtherSizedPolicyLimits() throws IOException {
    Path d = dir.resolve("alice");
    Run r = perun("init", "--dir", d.toString(), "--backend", "eth", "--rpc-url", "http://127.0.0.1:8545", "--chain-id", "31337",
        "--adjudicator", ADJUDICATOR, "--asset-holder", HOLDER, "--lightkdf");

    assertEquals(PerunCli.EXIT_OK, r.exit(), r.out() + r.err());
    NodeConfig config = ConfigLoader.load(Optional.of(d.resolve("perun.toml")), Map.of(), Map.of());
    NodeIdentity identity = NodeIdentity.load(config);
    assertTrue(r.out().contains("  account       " + EthAddress.checksummed(identity.address()) + " on chain 31337\n"), r.out());
    assertTrue(r.out().contains("  wire address  " + identity.wireAddressHex() + "\n"), r.out());
    assertTrue(r.out().contains("Fund the account"), r.out());
    assertEquals(BigInteger.TEN.pow(17), config.policy().maxAutoDeposit(), "0.1 ether in wei");
    assertEquals(BigInteger.TEN.pow(16), config.policy().maxAutoPayment(), "0.01 ether in wei");
    assertEquals(EthAddress.of(ADJUDICATOR), config.eth().orElseThrow().adjudicator());

    Run again = perun("init", "--dir", d.toString(), "--backend", "eth", "--rpc-url", "http://127.0.0.1:8545", "--chain-id", "31337",
        "--adjudicator", ADJUDICATOR, "--asset-holder", HOLDER, "--lightkdf");
    assertEquals(PerunCli.EXIT_FAILURE, again.exit());
    assertTrue(again.err().contains("exists already; perun init never overwrites"), again.err());
    assertEquals(identity.address(), NodeIdentity.load(config).address(), "the account stays");
  }

  @Test
  void aMissingContractAddressIsNamedAndNothingIsWritten() {
    Path d = dir.resolve("bob");
    Run r = perun("init", "--dir", d.toString(), "--backend", "eth", "--rpc-url", "http://127.0.0.1:8545", "--chain-id", "31337",
        "--asset-holder", HOLDER, "--lightkdf");

    assertEquals(PerunCli.EXIT_FAILURE, r.exit());
    assertTrue(r.err().contains("eth.adjudicator is required for backend eth"), r.err());
    assertFalse(Files.exists(d), "nothing is written");
  }
}
