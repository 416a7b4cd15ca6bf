// SPDX-License-Identifier: Apache-2.0
/**
 * Keccak-256 and secp256k1 as Ethereum uses them: native libsecp256k1 with a BouncyCastle fallback chosen at
 * start-up (see {@link network.perun.backend.eth.crypto.Secp256k1}).
 */
package network.perun.backend.eth.crypto;
