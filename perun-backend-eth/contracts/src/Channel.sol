// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Channel: the Perun channel data types and the equality checks the contracts run on them.
/// @notice The struct layouts are part of the Perun contract ABI: every field, its type and its position feed
/// into the channel ID, the state hash and the signatures, so they must never change.
library Channel {
    /// One channel participant: its Ethereum address and its address on another backend (or 32 zero bytes).
    struct Participant {
        address ethAddress;
        bytes ccAddress;
    }

    /// The fixed parameters of a channel; keccak256(abi.encode(Params)) is the channel ID.
    struct Params {
        uint256 challengeDuration;
        uint256 nonce;
        Participant[] participants;
        address app;
        bool ledgerChannel;
        bool virtualChannel;
    }

    /// One asset: the chain it lives on and its asset holder there (or a foreign-backend holder).
    struct Asset {
        uint256 chainID;
        address ethHolder;
        bytes ccHolder;
    }

    /// The distribution of a channel's funds: balances[asset][participant] plus the funds locked in sub-channels.
    struct Allocation {
        Asset[] assets;
        uint256[] backends;
        uint256[][] balances;
        SubAlloc[] locked;
    }

    /// Funds locked in a sub-channel: one total per asset and where each sub-channel participant sits in the parent.
    struct SubAlloc {
        bytes32 ID;
        uint256[] balances;
        uint16[] indexMap;
    }

    /// One channel state; keccak256(abi.encode(State)) is what participants sign (with the EIP-191 prefix).
    struct State {
        bytes32 channelID;
        uint64 version;
        Allocation outcome;
        bytes appData;
        bool isFinal;
    }

    function requireEqualAssets(Asset[] calldata a, Asset[] calldata b) internal pure {
        require(a.length == b.length, "Asset[]: unequal length");
        for (uint256 i = 0; i < a.length; i++) {
            requireEqualAsset(a[i], b[i]);
        }
    }

    function requireEqualAsset(Asset calldata a, Asset calldata b) internal pure {
        require(a.chainID == b.chainID, "unequal chainID");
        require(a.ethHolder == b.ethHolder, "unequal ethHolder");
        require(keccak256(a.ccHolder) == keccak256(b.ccHolder), "unequal ccHolder");
    }

    function requireEqualSubAllocs(SubAlloc[] calldata a, SubAlloc[] calldata b) internal pure {
        require(a.length == b.length, "SubAlloc[]: unequal length");
        for (uint256 i = 0; i < a.length; i++) {
            require(a[i].ID == b[i].ID, "SubAlloc: unequal ID");
            requireEqualUint256s(a[i].balances, b[i].balances);
            requireEqualUint16s(a[i].indexMap, b[i].indexMap);
        }
    }

    function requireEqualUint256s(uint256[] calldata a, uint256[] calldata b) internal pure {
        require(a.length == b.length, "uint256[]: unequal length");
        for (uint256 i = 0; i < a.length; i++) {
            require(a[i] == b[i], "uint256[]: unequal item");
        }
    }

    function requireEqualToMemory(uint256[] calldata a, uint256[] memory b) internal pure {
        require(a.length == b.length, "uint256[]: unequal length");
        for (uint256 i = 0; i < a.length; i++) {
            require(a[i] == b[i], "uint256[]: unequal item");
        }
    }

    function requireEqualUint16s(uint16[] calldata a, uint16[] calldata b) internal pure {
        require(a.length == b.length, "uint16[]: unequal length");
        for (uint256 i = 0; i < a.length; i++) {
            require(a[i] == b[i], "uint16[]: unequal item");
        }
    }
}
