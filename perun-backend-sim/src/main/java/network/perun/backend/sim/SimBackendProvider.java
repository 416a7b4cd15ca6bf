// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.InvalidValueException;
import network.perun.api.spi.BackendConfig;
import network.perun.api.spi.BackendProvider;

/**
 * The {@link BackendProvider} of the simulated backend, ID {@code sim}.
 *
 * <p>Registered in {@code module-info.java} and in {@code META-INF/services}; the sim backend takes no settings.
 */
public final class SimBackendProvider implements BackendProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public SimBackendProvider() {}

  @Override
  public String id() {
    return SimBackend.NAME;
  }

  /**
   * A new sim backend.
   *
   * @throws InvalidValueException if {@code config} has any setting: the sim backend has none
   */
  @Override
  public SimBackend create(BackendConfig config) {
    InvalidValueException.check(config.settings().isEmpty(), "the sim backend takes no settings, got %s", config.settings().keySet());
    return new SimBackend();
  }

  @Override
  public String toString() {
    return "SimBackendProvider";
  }
}
