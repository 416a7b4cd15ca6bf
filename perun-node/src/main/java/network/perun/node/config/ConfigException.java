// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import network.perun.api.PerunException;

/** A node configuration that cannot be used: a bad value, an unknown key, a missing or unsafe file. */
public class ConfigException extends PerunException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
