// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import network.perun.api.spi.Backend;
import network.perun.backend.eth.EthBackend;
import network.perun.backend.sim.SimBackend;
import network.perun.node.config.ConfigException;

/** The backend (signatures, channel IDs, state signing) behind each value of the {@code backend} key. */
public final class ChainBackends {
  private ChainBackends() {}

  /**
   * The backend named {@code name}: {@code sim} or {@code eth}.
   *
   * @throws ConfigException for any other name
   */
  public static Backend of(String name) {
    return switch (name) {
      case "sim" -> new SimBackend();
      case "eth" -> new EthBackend();
      default -> throw new ConfigException("backend must be \"sim\" or \"eth\", got \"" + name + "\"");
    };
  }
}
