// SPDX-License-Identifier: Apache-2.0
/**
 * The node daemon: one identity, contacts, channels, policies, decisions, the event stream and the metrics
 * ({@link network.perun.node.daemon.Node}), independent of how it is reached (the API package serves it).
 */
package network.perun.node.daemon;
