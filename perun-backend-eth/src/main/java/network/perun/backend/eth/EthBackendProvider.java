// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.InvalidValueException;
import network.perun.api.spi.BackendConfig;
import network.perun.api.spi.BackendProvider;

/**
 * The {@link BackendProvider} of the Ethereum backend, ID {@code eth}.
 *
 * <p>Registered in {@code META-INF/services} (the module is an automatic module, see the README). The backend
 * itself takes no settings: the chain (RPC endpoint, contract addresses) is configured where funders and
 * adjudicators are made.
 */
public final class EthBackendProvider implements BackendProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public EthBackendProvider() {}

  @Override
  public String id() {
    return EthBackend.NAME;
  }

  /**
   * A new Ethereum backend.
   *
   * @throws InvalidValueException if {@code config} has any setting: the backend has none
   */
  @Override
  public EthBackend create(BackendConfig config) {
    InvalidValueException.check(config.settings().isEmpty(), "the eth backend takes no settings, got %s", config.settings().keySet());
    return new EthBackend();
  }

  @Override
  public String toString() {
    return "EthBackendProvider";
  }
}
