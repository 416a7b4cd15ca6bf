// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./AssetHolder.sol";
import "./IERC20.sol";

/// @title AssetHolderERC20: the asset holder for one ERC-20 token. Depositors approve the amount first.
contract AssetHolderERC20 is AssetHolder {
    /// The token this holder keeps.
    IERC20 public immutable token;

    constructor(address adjudicator_, address token_) AssetHolder(adjudicator_) {
        token = IERC20(token_);
    }

    function depositCheck(bytes32, uint256) internal view override {
        require(msg.value == 0, "message value must be 0 for token deposit");
    }

    function depositEnact(bytes32, uint256 amount) internal override {
        require(token.transferFrom(msg.sender, address(this), amount), "token transferFrom failed");
    }

    function withdrawEnact(WithdrawalAuth calldata auth) internal override {
        require(token.transfer(auth.receiver, auth.amount), "token transfer failed");
    }
}
