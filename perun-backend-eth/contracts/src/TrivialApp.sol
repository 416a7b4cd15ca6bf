// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./App.sol";

/// @title TrivialApp: an app that accepts every move; for tests and demos.
contract TrivialApp is App {
    function validTransition(
        Channel.Params calldata,
        Channel.State calldata,
        Channel.State calldata,
        uint256
    ) external pure override {}
}
