// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Sig: EIP-191 signature checks for Perun states and withdrawal authorizations.
/// @notice Acceptance rules: a 65-byte r ‖ s ‖ v signature with v in {27, 28}, or a 64-byte EIP-2098 compact
/// r ‖ vs signature; s must lie in the lower half of the curve order. Everything else reverts.
library Sig {
    /// secp256k1 curve order n divided by two: the largest accepted s.
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// Whether `sig` is `signer`'s signature on keccak256("\x19Ethereum Signed Message:\n32" ‖ hash).
    function verify(bytes32 hash, bytes calldata sig, address signer) internal pure returns (bool) {
        return recover(ethSignedDigest(hash), sig) == signer;
    }

    /// The EIP-191 digest of a 32-byte hash.
    function ethSignedDigest(bytes32 hash) internal pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            mstore(0x00, "\x19Ethereum Signed Message:\n32")
            mstore(0x1c, hash)
            digest := keccak256(0x00, 0x3c)
        }
    }

    /// The signer of `digest`; reverts on a malformed signature or when no signer can be recovered.
    function recover(bytes32 digest, bytes calldata sig) internal pure returns (address signer) {
        bytes32 r;
        uint256 s;
        uint256 v;
        if (sig.length == 65) {
            assembly {
                r := calldataload(sig.offset)
                s := calldataload(add(sig.offset, 0x20))
                v := byte(0, calldataload(add(sig.offset, 0x40)))
            }
        } else if (sig.length == 64) {
            assembly {
                r := calldataload(sig.offset)
                let vs := calldataload(add(sig.offset, 0x20))
                s := and(vs, 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff)
                v := add(shr(255, vs), 27)
            }
        } else {
            revert("ECDSA: invalid signature length");
        }
        require(s <= HALF_ORDER, "ECDSA: invalid signature 's' value");
        require(v == 27 || v == 28, "ECDSA: invalid signature 'v' value");
        signer = ecrecover(digest, uint8(v), r, bytes32(s));
        require(signer != address(0), "ECDSA: invalid signature");
    }
}
