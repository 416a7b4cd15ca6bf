// SPDX-License-Identifier: Apache-2.0
/**
 * The node's chains: the simulated chain embedded in the node, and the same chain served to several node processes
 * by {@code perun chain} ({@link network.perun.node.chain.ChainService}) with its client-side ports
 * ({@link network.perun.node.chain.RemoteSimFunder}, {@link network.perun.node.chain.RemoteSimAdjudicator}).
 */
package network.perun.node.chain;
