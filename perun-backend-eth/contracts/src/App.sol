// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Channel.sol";

/// @title App: the interface of a Perun app, the on-chain judge of force-executed moves.
interface App {
    /// Reverts when moving from `from` to `to`, made by participant `actorIdx`, is not a valid move.
    function validTransition(
        Channel.Params calldata params,
        Channel.State calldata from,
        Channel.State calldata to,
        uint256 actorIdx
    ) external pure;
}
