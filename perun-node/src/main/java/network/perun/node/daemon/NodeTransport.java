// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.util.Objects;
import network.perun.api.spi.Transport;

/** The transport a node talks to peers through, and the directory where it learns where they are. */
public record NodeTransport(Transport transport, PeerDirectory peers) {
  public NodeTransport {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(peers, "peers");
  }
}
