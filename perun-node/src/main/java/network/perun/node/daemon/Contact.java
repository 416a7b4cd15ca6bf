// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.util.Objects;
import java.util.regex.Pattern;
import network.perun.api.WireAddress;
import network.perun.node.config.HostPort;

/**
 * A peer the node knows by name: its wire address and where it listens.
 *
 * @param name a short name: 1-32 of a-z, 0-9, '-', '_', starting with a letter or digit
 * @param wireAddress the peer's wire identity
 * @param address where the peer listens for other nodes
 */
public record Contact(String name, WireAddress wireAddress, HostPort address) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  public Contact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(wireAddress, "wireAddress");
    Objects.requireNonNull(address, "address");
    if (!NAME.matcher(name).matches()) {
      throw new NodeException(ErrorCode.INVALID_REQUEST,
          "contact name must be 1-32 of a-z, 0-9, '-' and '_', starting with a letter or digit, got \"" + name + "\"");
    }
  }

  /** The wire address in hex, as the API shows it. */
  public String wireAddressHex() {
    return wireAddress.bytes().toHex();
  }
}
