// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.spi.Backend;

/**
 * The simulated backend (backend ID 0, provider ID {@code sim}): Ed25519 accounts and SHA-256 channel IDs, for
 * tests and demos without a blockchain.
 *
 * <p>Stateless and thread-safe. Create it with {@code new SimBackend()} or through {@link SimBackendProvider}.
 */
public final class SimBackend implements Backend {
  /** The sim backend's ID in addresses and assets. */
  public static final int BACKEND_ID = 0;

  /** The sim backend's provider ID. */
  public static final String NAME = "sim";

  private final SimWalletBackend walletBackend = new SimWalletBackend();
  private final SimChannelBackend channelBackend = new SimChannelBackend(walletBackend);

  @Override
  public int backendId() {
    return BACKEND_ID;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SimWalletBackend walletBackend() {
    return walletBackend;
  }

  @Override
  public SimChannelBackend channelBackend() {
    return channelBackend;
  }

  @Override
  public String toString() {
    return "SimBackend";
  }
}
