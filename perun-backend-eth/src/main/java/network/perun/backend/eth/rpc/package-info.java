// SPDX-License-Identifier: Apache-2.0
/**
 * Ethereum JSON-RPC over HTTP and WebSocket, EIP-1559 transactions, nonces, pre-flight calls and revert reasons.
 *
 * <p>Why the flows look as they do: {@code shared/spec/eth-backend-spec.md} section 4.1 (go-perun's
 * ContractBackend and its flaws).
 */
package network.perun.backend.eth.rpc;
