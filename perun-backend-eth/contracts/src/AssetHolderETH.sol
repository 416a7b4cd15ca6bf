// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./AssetHolder.sol";

/// @title AssetHolderETH: the asset holder for Ether.
contract AssetHolderETH is AssetHolder {
    constructor(address adjudicator_) AssetHolder(adjudicator_) {}

    function depositCheck(bytes32, uint256 amount) internal view override {
        require(msg.value == amount, "wrong amount of ETH for deposit");
    }

    /// Holdings cannot overflow: every credited amount arrived as msg.value, and all the Ether there is stays far
    /// below 2^256 wei.
    function credit(bytes32 fundingID, uint256 amount) internal override {
        unchecked {
            holdings[fundingID] += amount;
        }
    }

    function depositEnact(bytes32, uint256) internal override {}

    /// Pays out like Solidity's deprecated `transfer`: the receiver gets only the 2300-gas call stipend, so it
    /// cannot re-enter; a receiver whose receive function needs more makes the withdrawal revert.
    function withdrawEnact(WithdrawalAuth calldata auth) internal override {
        address receiver = auth.receiver;
        uint256 amount = auth.amount;
        bool ok;
        assembly ("memory-safe") {
            // Gas 0 with a non-zero value leaves exactly the stipend; a zero-value call gets 2300 explicitly.
            ok := call(mul(iszero(amount), 2300), receiver, amount, 0, 0, 0, 0)
        }
        require(ok, "ETH transfer failed");
    }
}
