// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import network.perun.api.Address;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthAsset;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.anvil.AnvilFixture;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;

/**
 * An Anvil chain with our contracts deployed by dev account 0: the Adjudicator, its AssetHolderETH, a PerunToken
 * minted to dev accounts 1-4 and its AssetHolderERC20. One per test class.
 */
final class EthChainFixture implements AutoCloseable {
  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  static final BigInteger TOKENS = ETHER.multiply(BigInteger.valueOf(1000));

  final AnvilFixture anvil;
  final EthRpc rpc;
  final EthWallet wallet = new EthWallet();
  final List<EthAccount> dev = new ArrayList<>();
  final PerunDeployment.Contracts contracts;
  final Address token;
  final Address erc20Holder;
  final EthChain.Settings settings;
  final EthChain chain;

  EthChainFixture(int confirmations) throws InterruptedException {
    anvil = AnvilFixture.start();
    rpc = new EthRpc(JsonRpc.connect(URI.create(anvil.rpcUrl()), Duration.ofSeconds(10)));
    for (String key : AnvilFixture.DEV_PRIVATE_KEYS) {
      dev.add(wallet.addPrivateKey(key));
    }
    EthChain.Settings deploySettings = new EthChain.Settings(1, Duration.ofMillis(10), Duration.ofSeconds(20), 1.25, 0, 60, Duration.ofMillis(200), Set.of());
    PerunDeployment deployer = new PerunDeployment(rpc, dev.get(0), deploySettings);
    contracts = deployer.deployAdjudicatorAndEthHolder();
    token = deployer.deployTestToken(List.of(dev.get(1).address(), dev.get(2).address(), dev.get(3).address(), dev.get(4).address()), TOKENS);
    erc20Holder = deployer.deployErc20Holder(contracts.adjudicator(), token);
    settings = new EthChain.Settings(confirmations, Duration.ofMillis(10), Duration.ofSeconds(20), 1.25, contracts.block(), 60, Duration.ofMillis(200), Set.of());
    chain = new EthChain(rpc, contracts.adjudicator(), settings);
  }

  EthAsset eth() {
    return EthAsset.of(AnvilFixture.CHAIN_ID, contracts.ethHolder());
  }

  EthAsset erc20() {
    return EthAsset.of(AnvilFixture.CHAIN_ID, erc20Holder);
  }

  /** A fresh receiver address (no code, zero balance) to observe payouts exactly. */
  static Address receiver(int i) {
    byte[] b = new byte[20];
    b[0] = (byte) 0xaa;
    b[19] = (byte) i;
    return EthAddress.of(b);
  }

  @Override
  public void close() {
    rpc.close();
    anvil.close();
  }
}
