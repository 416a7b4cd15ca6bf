// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import network.perun.api.WireAddress;
import network.perun.node.config.HostPort;

/**
 * The part of a transport that knows where peers are: the node tells it each contact's network address, and asks
 * whether a peer is connected (for the metrics).
 */
public interface PeerDirectory {
  /** Adds or replaces where {@code peer} listens. */
  void addPeer(WireAddress peer, HostPort where);

  /** Whether a connection to {@code peer} is up. */
  boolean isConnected(WireAddress peer);
}
