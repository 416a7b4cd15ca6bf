// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import network.perun.api.Address;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.rpc.UriRedaction;

/**
 * The Ethereum settings of a node with {@code backend = "eth"}: the {@code [eth]} section of its configuration.
 *
 * @param rpcUrl the JSON-RPC endpoint (http, https, ws or wss)
 * @param chainId the chain ID the endpoint must report
 * @param adjudicator the Perun Adjudicator
 * @param assetHolder the asset holder whose asset every channel of the node holds
 * @param keystore the keystore V3 file of the on-chain account (absolute)
 * @param passwordFile the file with the keystore's password (absolute)
 * @param confirmations blocks a transaction or event must be deep before it counts, at least 1
 * @param fromBlock the first block event searches look at
 * @param pollInterval how often the node polls for blocks, receipts and events
 */
public record EthConfig(URI rpcUrl, BigInteger chainId, Address adjudicator, AssetHolder assetHolder, Path keystore, Path passwordFile,
    int confirmations, long fromBlock, Duration pollInterval) {

  public EthConfig {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(chainId, "chainId");
    EthAddress.bytes(adjudicator);
    Objects.requireNonNull(assetHolder, "assetHolder");
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(passwordFile, "passwordFile");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (chainId.signum() <= 0 || confirmations < 1 || fromBlock < 0 || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new ConfigException("invalid [eth] settings: chain ID " + chainId + ", confirmations " + confirmations + ", from-block " + fromBlock
          + ", poll interval " + pollInterval);
    }
  }

  /** The contract that holds the deposits of the node's channels: one asset per node. */
  public sealed interface AssetHolder {
    /** The asset holder's address. */
    Address address();
  }

  /** An AssetHolderETH: channels hold ether. */
  public record Ether(Address address) implements AssetHolder {
    public Ether {
      EthAddress.bytes(address);
    }
  }

  /** An AssetHolderERC20 of {@code token}: channels hold that token. */
  public record Erc20(Address address, Address token) implements AssetHolder {
    public Erc20 {
      EthAddress.bytes(address);
      EthAddress.bytes(token);
    }
  }

  /**
   * The endpoint as logs and the API show it: scheme, host and port only, since a provider's URL often carries an
   * API key in its path, query or user info.
   */
  public String rpcUrlShown() {
    return redact(rpcUrl);
  }

  /**
   * {@code uri} without user info, path, query and fragment ({@code /...} marks a dropped part): the backend's
   * {@link UriRedaction#redact}, so the node and the RPC client show an endpoint alike.
   */
  public static String redact(URI uri) {
    return UriRedaction.redact(uri);
  }
}
