// SPDX-License-Identifier: Apache-2.0
/**
 * The node's configuration: the keys ({@link network.perun.node.config.ConfigKey}), loading with command line &gt;
 * environment &gt; file &gt; default precedence ({@link network.perun.node.config.ConfigLoader}), {@code perun init}
 * ({@link network.perun.node.config.DataDirInit}) and owner-only secret files.
 */
package network.perun.node.config;
