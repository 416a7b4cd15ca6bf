// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import network.perun.node.chain.ChainConnection;
import network.perun.node.config.NodeConfig;

/**
 * Makes a node's outside connections from its configuration: the transport to its peers and its chain. The
 * production connector reads {@code transport}, {@code backend}, {@code chain-url} and {@code [eth]}; tests connect
 * several in-process nodes to one in-memory transport and one chain.
 */
public interface NodeConnector {
  /** The transport for a node with {@code identity}. */
  NodeTransport transport(NodeConfig config, NodeIdentity identity);

  /** The chain of the node with {@code identity} (whose account sends the node's transactions). */
  ChainConnection chain(NodeConfig config, NodeIdentity identity);
}
