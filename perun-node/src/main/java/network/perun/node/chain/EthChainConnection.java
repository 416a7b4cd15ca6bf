// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.PerunException;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.Funder;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthAsset;
import network.perun.backend.eth.chain.EthAdjudicator;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.chain.EthFunder;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.node.config.ConfigException;
import network.perun.node.config.ConfigKey;
import network.perun.node.config.EthConfig;

/**
 * A node's Ethereum chain ({@code backend = "eth"}): the Perun contracts at {@code eth.adjudicator} and the asset
 * holder, reached through {@code eth.rpc-url}, with the node's account sending the transactions.
 *
 * <p>{@link #connect} checks everything before the node uses the chain, and fails with a {@link ConfigException}
 * that names the key to fix: the endpoint answers, its chain ID is {@code eth.chain-id}, the code at the Adjudicator
 * and the asset holder is ours ({@link EthChain}'s validation), the asset holder belongs to that Adjudicator, and it
 * holds what the configuration says (ether, or the ERC20 {@code eth.token}).
 *
 * <p>Funding is the backend's {@link EthFunder}, disputes and withdrawals its {@link EthAdjudicator}, paying out to
 * the node's own account. Every transaction the node sends is reported to {@link #onTransaction} once mined.
 */
public final class EthChainConnection implements ChainConnection {
  /** How long one JSON-RPC request may take. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final EthConfig config;
  private final MeteredJsonRpc metered;
  private final EthChain chain;
  private final EthFunder funder;
  private final EthAdjudicator adjudicator;
  private final Asset asset;

  private EthChainConnection(EthConfig config, MeteredJsonRpc metered, EthChain chain, EthAccount account) {
    this.config = config;
    this.metered = metered;
    this.chain = chain;
    this.funder = chain.funder(account);
    this.adjudicator = chain.adjudicator(account, account.address());
    this.asset = new EthAsset(chain.chainId(), config.assetHolder().address()).toAsset();
  }

  /**
   * Connects to the chain of {@code config} and checks its contracts; transactions are sent from {@code account},
   * funding waits at most {@code fundingTimeout} chain seconds.
   *
   * @throws ConfigException if the endpoint does not answer, is on another chain, or a contract is missing, not
   *     ours, or not what the configuration says; nothing stays open then
   */
  public static EthChainConnection connect(EthConfig config, EthAccount account, long fundingTimeout) {
    Objects.requireNonNull(account, "account");
    String where = config.rpcUrlShown();
    MeteredJsonRpc metered;
    try {
      metered = new MeteredJsonRpc(new RedactingJsonRpc(JsonRpc.connect(config.rpcUrl(), REQUEST_TIMEOUT), config.rpcUrl()));
    } catch (PerunException e) {
      String message = String.valueOf(e.getMessage()).replace(config.rpcUrl().toString(), where);
      throw new ConfigException(ConfigKey.ETH_RPC_URL.key() + " " + where + ": cannot connect: " + message);
    }
    try {
      EthRpc rpc = new EthRpc(metered);
      BigInteger chainId;
      try {
        chainId = rpc.chainId();
      } catch (PerunException e) {
        throw new ConfigException(ConfigKey.ETH_RPC_URL.key() + " " + where + " does not answer (is the Ethereum node running?): " + e.getMessage(), e);
      }
      if (!chainId.equals(config.chainId())) {
        throw new ConfigException("the Ethereum node at " + where + " is on chain " + chainId + ", but " + ConfigKey.ETH_CHAIN_ID.key() + " is "
            + config.chainId() + ": check " + ConfigKey.ETH_RPC_URL.key() + " and " + ConfigKey.ETH_CHAIN_ID.key());
      }
      EthChain.Settings settings = new EthChain.Settings(config.confirmations(), config.pollInterval(), EthChain.Settings.defaults().receiptTimeout(),
          EthChain.Settings.defaults().gasMargin(), config.fromBlock(), fundingTimeout, EthChain.Settings.defaults().secondaryWait(), Set.of());
      EthChain chain;
      try {
        chain = new EthChain(rpc, config.adjudicator(), settings);
      } catch (PerunException e) {
        throw new ConfigException(ConfigKey.ETH_ADJUDICATOR.key() + ": " + e.getMessage(), e);
      }
      checkAssetHolder(chain, config.assetHolder());
      return new EthChainConnection(config, metered, chain, account);
    } catch (RuntimeException e) {
      metered.close();
      throw e;
    }
  }

  private static void checkAssetHolder(EthChain chain, EthConfig.AssetHolder holder) {
    ConfigKey key = holder instanceof EthConfig.Erc20 ? ConfigKey.ETH_ASSET_HOLDER_ERC20 : ConfigKey.ETH_ASSET_HOLDER;
    String address = EthAddress.checksummed(holder.address());
    Optional<Address> token;
    try {
      token = chain.token(holder.address());
    } catch (PerunException e) {
      throw new ConfigException(key.key() + ": " + e.getMessage(), e);
    }
    switch (holder) {
      case EthConfig.Ether ether -> {
        if (token.isPresent()) {
          throw new ConfigException(key.key() + " " + address + " is an AssetHolderERC20 of token " + EthAddress.checksummed(token.get()) + "; set "
              + ConfigKey.ETH_ASSET_HOLDER_ERC20.key() + " and " + ConfigKey.ETH_TOKEN.key() + " instead");
        }
      }
      case EthConfig.Erc20 erc20 -> {
        if (token.isEmpty()) {
          throw new ConfigException(key.key() + " " + address + " is an AssetHolderETH; set " + ConfigKey.ETH_ASSET_HOLDER.key() + " instead");
        }
        if (!token.get().equals(erc20.token())) {
          throw new ConfigException(key.key() + " " + address + " holds token " + EthAddress.checksummed(token.get()) + ", but " + ConfigKey.ETH_TOKEN.key()
              + " is " + EthAddress.checksummed(erc20.token()));
        }
      }
    }
  }

  /** The backend's chain object (RPC, chain ID, contract getters). */
  public EthChain chain() {
    return chain;
  }

  @Override
  public Funder funder() {
    return funder;
  }

  @Override
  public Adjudicator adjudicator() {
    return adjudicator;
  }

  @Override
  public Asset asset() {
    return asset;
  }

  /** {@code account}'s ether (wei) or, for an ERC20 asset holder, its token balance. */
  @Override
  public BigInteger balance(Address account) {
    return switch (config.assetHolder()) {
      case EthConfig.Ether ether -> chain.rpc().balance(account);
      case EthConfig.Erc20 erc20 -> chain.tokenBalance(erc20.token(), account);
    };
  }

  /** The latest block's timestamp. */
  @Override
  public long time() {
    return chain.now();
  }

  /**
   * Never: an Ethereum chain has no faucet.
   *
   * @throws PerunException always, naming the account to fund
   */
  @Override
  public BigInteger topUp(Address account, BigInteger amount) {
    throw new PerunException("backend eth has no faucet: send funds to " + EthAddress.checksummed(account) + " on chain " + chain.chainId());
  }

  @Override
  public void onTransaction(Consumer<ChainTransaction> listener) {
    metered.onTransaction(listener);
  }

  @Override
  public String describe() {
    String what = switch (config.assetHolder()) {
      case EthConfig.Ether ether -> "ether at AssetHolderETH " + EthAddress.checksummed(ether.address());
      case EthConfig.Erc20 erc20 -> "token " + EthAddress.checksummed(erc20.token()) + " at AssetHolderERC20 " + EthAddress.checksummed(erc20.address());
    };
    return "ethereum chain " + chain.chainId() + " at " + config.rpcUrlShown() + ", Adjudicator " + EthAddress.checksummed(config.adjudicator()) + ", "
        + what;
  }

  @Override
  public void close() {
    chain.close();
  }
}
