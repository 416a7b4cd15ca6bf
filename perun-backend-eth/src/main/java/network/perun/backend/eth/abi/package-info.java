// SPDX-License-Identifier: Apache-2.0
/** The Solidity contract ABI: an encoder of words, bytes, arrays and tuples, and a bounds-checked reader. */
package network.perun.backend.eth.abi;
