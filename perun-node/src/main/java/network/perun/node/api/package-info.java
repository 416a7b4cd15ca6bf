// SPDX-License-Identifier: Apache-2.0
/**
 * The node's local HTTP/JSON API ({@link network.perun.node.api.ApiServer}) and its client
 * ({@link network.perun.node.api.ApiClient}), which the CLI uses.
 */
package network.perun.node.api;
