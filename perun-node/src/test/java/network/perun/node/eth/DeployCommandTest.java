// SPDX-License-Identifier: Apache-2.0
package network.perun.node.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import network.perun.api.Address;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.Keystore;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.chain.PerunDeployment;
import network.perun.node.PerunCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code perun deploy} in process against an Anvil this test starts. */
class DeployCommandTest {
  private static final long SEED = 0xDE9L;
  private static final String PASSWORD = "correct horse battery staple";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalAnvil anvil;
  private static String keyHex;
  private static EthAccount deployer;

  @TempDir static Path dir;
  private static Path keyFile;
  private static Path keystore;
  private static Path passwordFile;

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @BeforeAll
  static void startAnvilAndWriteKeys() throws Exception {
    anvil = LocalAnvil.start();
    byte[] key = new byte[32];
    new Random(SEED).nextBytes(key);
    keyHex = HexFormat.of().formatHex(key);
    deployer = new EthWallet().addPrivateKey(key);
    anvil.fund(0, deployer.address(), BigInteger.TEN.pow(19));
    keyFile = Files.writeString(dir.resolve("deployer.key"), "0x" + keyHex + "\n");
    keystore = Files.writeString(dir.resolve("deployer.json"), Keystore.encrypt(key, PASSWORD.toCharArray(), 1024, new Random(SEED + 1)));
    passwordFile = Files.writeString(dir.resolve("password.txt"), PASSWORD + "\n");
  }

  @AfterAll
  static void stopAnvil() {
    anvil.close();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = PerunCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static EthChain chainAt(Address adjudicator) {
    return new EthChain(anvil.rpc(), adjudicator, new EthChain.Settings(1, Duration.ofMillis(10), Duration.ofSeconds(20), 1.25, 0, 60,
        Duration.ofMillis(100), Set.of()));
  }

  private static void assertNoSecretIn(Run r) {
    assertFalse(r.all().toLowerCase(java.util.Locale.ROOT).contains(keyHex), "the private key appears in the output");
    assertFalse(r.all().contains(PASSWORD), "the password appears in the output");
  }

  @Test
  void deploysFromAKeystoreAndPrintsJsonWithValidatedAddresses() throws IOException {
    Run r = run("deploy", "--rpc", anvil.endpoint().toString(), "--keystore", keystore.toString(), "--password-file", passwordFile.toString(),
        "--chain-id", "31337", "--json");

    assertEquals(PerunCli.EXIT_OK, r.exit(), r.all());
    assertNoSecretIn(r);
    JsonNode json = JSON.readTree(r.out().strip());
    assertEquals("31337", json.get("chainId").asText(), r.out());
    assertEquals(EthAddress.checksummed(deployer.address()), json.get("deployer").asText(), r.out());
    Address adjudicator = EthAddress.of(json.get("adjudicator").asText());
    Address ethHolder = EthAddress.of(json.get("assetHolderETH").asText());
    EthChain chain = chainAt(adjudicator); // validates the Adjudicator's code
    assertEquals(Optional.empty(), chain.token(ethHolder), "an ETH holder of this Adjudicator (validated): " + r.out());
    assertFalse(json.has("assetHolderERC20"), r.out());
    assertEquals(2, json.get("transactions").size(), r.out());
    for (JsonNode tx : json.get("transactions")) {
      assertTrue(tx.get("hash").asText().matches("0x[0-9a-f]{64}"), r.out());
      assertTrue(tx.get("gas").asLong() > 100_000, r.out());
    }
  }

  @Test
  void deploysAnErc20HolderFromARawKeyFile() throws InterruptedException {
    Address token = new PerunDeployment(anvil.rpc(), deployer, DeployCommand.settings()).deployTestToken(List.of(deployer.address()), BigInteger.TEN);

    Run r = run("deploy", "--rpc", anvil.endpoint().toString(), "--private-key-file", keyFile.toString(), "--erc20", EthAddress.checksummed(token));

    assertEquals(PerunCli.EXIT_OK, r.exit(), r.all());
    assertNoSecretIn(r);
    Address adjudicator = EthAddress.of(field(r.out(), "Adjudicator"));
    Address erc20Holder = EthAddress.of(field(r.out(), "AssetHolderERC20"));
    assertEquals(Optional.of(token), chainAt(adjudicator).token(erc20Holder), r.out());
    assertTrue(r.out().contains("the AssetHolderERC20 holds the token " + EthAddress.checksummed(token)), r.out());
  }

  /** The address on the human output's line of {@code contract}. */
  private static String field(String out, String contract) {
    return out.lines().filter(l -> l.startsWith("  " + contract + " ")).findFirst()
        .map(l -> l.strip().split(" +")[1]).orElseThrow(() -> new AssertionError("no line for " + contract + " in\n" + out));
  }

  @Test
  void aWrongChainIdDeploysNothing() {
    BigInteger nonce = anvil.rpc().pendingNonce(deployer.address());

    Run r = run("deploy", "--rpc", anvil.endpoint().toString(), "--private-key-file", keyFile.toString(), "--chain-id", "1");

    assertEquals(PerunCli.EXIT_FAILURE, r.exit(), r.all());
    assertTrue(r.err().contains("serves chain id 31337, not the --chain-id 1; nothing deployed"), r.err());
    assertEquals(nonce, anvil.rpc().pendingNonce(deployer.address()), "no transaction sent");
  }

  @Test
  void aWrongPasswordFailsWithoutShowingTheKey() throws IOException {
    Path wrong = Files.writeString(dir.resolve("wrong.txt"), "not the password\n");

    Run r = run("deploy", "--rpc", anvil.endpoint().toString(), "--keystore", keystore.toString(), "--password-file", wrong.toString());

    assertEquals(PerunCli.EXIT_FAILURE, r.exit(), r.all());
    assertTrue(r.err().contains("wrong password"), r.err());
    assertNoSecretIn(r);
  }

  @Test
  void aMalformedKeyFileIsRefusedWithoutEchoingIt() throws IOException {
    String almost = keyHex.substring(0, 62) + "zz";
    Path bad = Files.writeString(dir.resolve("bad.key"), almost);

    Run r = run("deploy", "--rpc", anvil.endpoint().toString(), "--private-key-file", bad.toString());

    assertEquals(PerunCli.EXIT_FAILURE, r.exit(), r.all());
    assertTrue(r.err().contains("(value not shown)"), r.err());
    assertFalse(r.all().contains(almost.substring(0, 16)), "the key file's content appears in the output");
  }

  @Test
  void keystoreAndRawKeyTogetherIsAUsageError() {
    Run r = run("deploy", "--rpc", anvil.endpoint().toString(), "--keystore", keystore.toString(), "--private-key-file", keyFile.toString());

    assertEquals(PerunCli.EXIT_USAGE, r.exit(), r.all());
  }
}
