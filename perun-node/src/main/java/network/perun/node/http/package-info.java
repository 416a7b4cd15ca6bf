// SPDX-License-Identifier: Apache-2.0
/** JSON over the JDK's HTTP server: the plumbing the local API and the chain service share. */
package network.perun.node.http;
