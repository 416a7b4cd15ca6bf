// SPDX-License-Identifier: Apache-2.0
/**
 * The Ethereum backend: addresses, assets, the Perun contracts' {@code abi.encode} of params, states and withdrawal
 * authorizations, channel IDs, state signatures, calldata and its decoding, wallets and keystores.
 *
 * <p>Facts from {@code shared/spec/eth-backend-spec.md} section 1 (structs, hashing, signing, golden vectors).
 */
package network.perun.backend.eth;
