// SPDX-License-Identifier: Apache-2.0
/**
 * Funding, adjudication and events on an EVM chain with the Perun contracts: {@link
 * network.perun.backend.eth.chain.EthChain}, {@link network.perun.backend.eth.chain.EthFunder}, {@link
 * network.perun.backend.eth.chain.EthAdjudicator}.
 *
 * <p>Contract rules: {@code shared/spec/eth-backend-spec.md} sections 2-3; go-perun's flows and what we do
 * differently: section 4.
 */
package network.perun.backend.eth.chain;
