// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code perun} subcommands of the node: {@code init}, {@code node}, {@code chain}, and the commands that talk to
 * a running node through its API ({@code status}, {@code contacts}, {@code open}, {@code pay}, {@code channels},
 * {@code close}, {@code events}, {@code decisions}); text for people by default, {@code --json} for scripts.
 */
package network.perun.node.cli;
