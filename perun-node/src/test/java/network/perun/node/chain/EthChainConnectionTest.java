// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthAsset;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.chain.PerunDeployment;
import network.perun.node.config.ConfigException;
import network.perun.node.config.ConfigLoader;
import network.perun.node.config.DataDirInit;
import network.perun.node.config.EthConfig;
import network.perun.node.config.NodeConfig;
import network.perun.node.daemon.Node;
import network.perun.node.daemon.ProductionConnector;
import network.perun.node.eth.LocalAnvil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's Ethereum chain on Anvil: what it connects to, and the clear start-up error for each wrong endpoint,
 * chain ID, contract or asset.
 */
class EthChainConnectionTest {
  /** The key of Anvil's first dev account (the public test mnemonic's; never use it for value). */
  static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private static LocalAnvil anvil;
  private static PerunDeployment deployment;
  private static PerunDeployment.Contracts contracts;
  private static Address token;
  private static Address erc20Holder;
  private static EthAccount account;

  @TempDir Path dir;

  @BeforeAll
  static void deploy() throws Exception {
    anvil = LocalAnvil.start();
    deployment = new PerunDeployment(anvil.rpc(), new EthWallet().addPrivateKey(DEV_KEY), EthChain.Settings.defaults());
    contracts = deployment.deployAdjudicatorAndEthHolder();
    account = new EthWallet().addPrivateKey("0x" + "11".repeat(32));
    token = deployment.deployTestToken(List.of(account.address()), BigInteger.valueOf(5000));
    erc20Holder = deployment.deployErc20Holder(contracts.adjudicator(), token);
  }

  @AfterAll
  static void stop() {
    if (anvil != null) {
      anvil.close();
    }
  }

  private static EthConfig config(URI url, long chainId, Address adjudicator, EthConfig.AssetHolder holder) {
    return new EthConfig(url, BigInteger.valueOf(chainId), adjudicator, holder, Path.of("/nonexistent/keystore.json"), Path.of("/nonexistent/pw"), 1, 0,
        Duration.ofMillis(100));
  }

  private static EthConfig ether() {
    return config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Ether(contracts.ethHolder()));
  }

  private static String failure(EthConfig config) {
    return assertThrows(ConfigException.class, () -> EthChainConnection.connect(config, account, 60).close()).getMessage();
  }

  @Test
  void connectsToOurContractsAndReadsEtherOrTokenBalances() throws InterruptedException {
    anvil.fund(0, account.address(), BigInteger.valueOf(123_456));
    try (EthChainConnection chain = EthChainConnection.connect(ether(), account, 60)) {
      assertEquals(new EthAsset(BigInteger.valueOf(LocalAnvil.CHAIN_ID), contracts.ethHolder()).toAsset(), chain.asset());
      assertEquals(BigInteger.valueOf(123_456), chain.balance(account.address()));
      assertEquals(anvil.rpc().latestBlock().timestamp(), chain.time());
      assertTrue(chain.describe().startsWith("ethereum chain 31337 at " + anvil.endpoint() + ", Adjudicator " + EthAddress.checksummed(contracts.adjudicator())),
          chain.describe());
      assertThrows(network.perun.api.PerunException.class, () -> chain.topUp(account.address(), BigInteger.ONE), "no faucet on Ethereum");
    }
    EthConfig erc20 = config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Erc20(erc20Holder, token));
    try (EthChainConnection chain = EthChainConnection.connect(erc20, account, 60)) {
      assertEquals(BigInteger.valueOf(5000), chain.balance(account.address()), "the token balance");
      assertTrue(chain.describe().endsWith("token " + EthAddress.checksummed(token) + " at AssetHolderERC20 " + EthAddress.checksummed(erc20Holder)),
          chain.describe());
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerOrIsOnAnotherChainIsNamed() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    EthConfig nobody = config(URI.create("http://127.0.0.1:" + closed + "/v3/SECRET"), LocalAnvil.CHAIN_ID, contracts.adjudicator(),
        new EthConfig.Ether(contracts.ethHolder()));
    String down = failure(nobody);
    assertTrue(down.startsWith("eth.rpc-url http://127.0.0.1:" + closed + "/... does not answer (is the Ethereum node running?)"), down);
    assertTrue(!down.contains("SECRET"), "the URL's path may hold an API key: " + down);

    String otherChain = failure(config(anvil.endpoint(), 1, contracts.adjudicator(), new EthConfig.Ether(contracts.ethHolder())));
    assertEquals("the Ethereum node at " + anvil.endpoint() + " is on chain 31337, but eth.chain-id is 1: check eth.rpc-url and eth.chain-id", otherChain);
  }

  @Test
  void aMissingOrForeignAdjudicatorIsAStartupError() {
    String none = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, account.address(), new EthConfig.Ether(contracts.ethHolder())));
    assertEquals("eth.adjudicator: no contract at Adjudicator address " + EthAddress.checksummed(account.address()) + " on chain 31337", none);
    String holder = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.ethHolder(), new EthConfig.Ether(contracts.ethHolder())));
    assertTrue(holder.startsWith("eth.adjudicator: the code at " + EthAddress.checksummed(contracts.ethHolder()) + " is not a known Perun Adjudicator"), holder);
  }

  @Test
  void anAssetHolderThatIsMissingForeignOrOfAnotherKindIsAStartupError() throws InterruptedException {
    String token20 = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Ether(token)));
    assertTrue(token20.startsWith("eth.asset-holder: the code at " + EthAddress.checksummed(token) + " is not a known Perun asset holder"), token20);
    String empty = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Ether(account.address())));
    assertTrue(empty.startsWith("eth.asset-holder: no contract at asset holder address"), empty);

    String erc20AsEther = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Ether(erc20Holder)));
    assertEquals("eth.asset-holder " + EthAddress.checksummed(erc20Holder) + " is an AssetHolderERC20 of token " + EthAddress.checksummed(token)
        + "; set eth.asset-holder-erc20 and eth.token instead", erc20AsEther);
    String etherAsErc20 = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Erc20(contracts.ethHolder(), token)));
    assertEquals("eth.asset-holder-erc20 " + EthAddress.checksummed(contracts.ethHolder()) + " is an AssetHolderETH; set eth.asset-holder instead",
        etherAsErc20);
    String otherToken = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Erc20(erc20Holder, account.address())));
    assertTrue(otherToken.endsWith("holds token " + EthAddress.checksummed(token) + ", but eth.token is " + EthAddress.checksummed(account.address())),
        otherToken);

    PerunDeployment.Contracts second = deployment.deployAdjudicatorAndEthHolder();
    String foreign = failure(config(anvil.endpoint(), LocalAnvil.CHAIN_ID, contracts.adjudicator(), new EthConfig.Ether(second.ethHolder())));
    assertTrue(foreign.startsWith("eth.asset-holder: asset holder " + EthAddress.checksummed(second.ethHolder()) + " belongs to adjudicator "), foreign);
  }

  @Test
  void aNodeWithAWrongContractDoesNotStartAndLeavesNothingLockedOrOpen() {
    Map<String, String> values = Map.of("backend", "eth", "eth.rpc-url", anvil.endpoint().toString(), "eth.chain-id", "31337",
        "eth.adjudicator", EthAddress.checksummed(contracts.ethHolder()), "eth.asset-holder", EthAddress.checksummed(contracts.ethHolder()),
        "api-listen", "127.0.0.1:0", "listen", "127.0.0.1:0");
    DataDirInit.Result r = DataDirInit.init(dir, values, new SecureRandom(), DataDirInit.LIGHT_SCRYPT_N);
    NodeConfig cfg = ConfigLoader.load(Optional.of(r.configFile()), Map.of(), Map.of());
    for (int attempt = 0; attempt < 2; attempt++) {
      ConfigException e = assertThrows(ConfigException.class, () -> Node.start(cfg, new ProductionConnector()).close());
      assertTrue(e.getMessage().startsWith("eth.adjudicator: the code at "), "attempt " + attempt + " (a second start is not refused as 'in use'): "
          + e.getMessage());
    }
  }
}
