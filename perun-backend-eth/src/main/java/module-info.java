// SPDX-License-Identifier: Apache-2.0
/**
 * The Ethereum backend (placeholder until its issue lands). It will ship as an automatic module once it depends
 * on web3j, whose jars split packages; see the module README.
 */
module network.perun.backend.eth {
  requires network.perun.api;
}
