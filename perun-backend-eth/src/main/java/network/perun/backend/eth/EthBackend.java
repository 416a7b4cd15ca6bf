// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.spi.Backend;

/**
 * The Ethereum backend (backend ID 1, provider ID {@code eth}): secp256k1 accounts and the channel IDs and
 * state signatures of the Perun contracts.
 *
 * <p>Chain access (funding, adjudication) is separate: see {@code network.perun.backend.eth.chain.EthChain}.
 * Stateless and thread-safe.
 */
public final class EthBackend implements Backend {
  /** The Ethereum backend's ID in addresses and assets. */
  public static final int BACKEND_ID = 1;

  /** The Ethereum backend's provider ID. */
  public static final String NAME = "eth";

  private final EthWalletBackend walletBackend = new EthWalletBackend();
  private final EthChannelBackend channelBackend = new EthChannelBackend();

  @Override
  public int backendId() {
    return BACKEND_ID;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EthWalletBackend walletBackend() {
    return walletBackend;
  }

  @Override
  public EthChannelBackend channelBackend() {
    return channelBackend;
  }

  @Override
  public String toString() {
    return "EthBackend";
  }
}
