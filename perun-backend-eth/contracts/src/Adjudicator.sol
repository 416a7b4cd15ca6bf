// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Channel.sol";
import "./Sig.sol";
import "./App.sol";
import "./AssetHolder.sol";

/// @title Adjudicator: settles Perun channel disputes and pushes final outcomes to the asset holders.
/// @notice A channel is registered with a fully signed state (DISPUTE), may be refuted with a higher version until
/// its timeout, may then be force-executed through its app (FORCEEXEC), and is finally concluded (CONCLUDED). A
/// final state signed by all participants concludes a channel at once (concludeFinal).
contract Adjudicator {
    uint8 internal constant DISPUTE = 0;
    uint8 internal constant FORCEEXEC = 1;
    uint8 internal constant CONCLUDED = 2;

    /// The on-chain record of a channel; a channel is registered exactly when stateHash != 0.
    struct Dispute {
        uint64 timeout;
        uint64 challengeDuration;
        uint64 version;
        uint8 phase;
        bytes32 stateHash;
        bool hasApp;
    }

    /// Params and a state together with all participants' signatures on the state, in participant order.
    struct SignedState {
        Channel.Params params;
        Channel.State state;
        bytes[] sigs;
    }

    /// The dispute record of every channel ID.
    mapping(bytes32 => Dispute) public disputes;

    /// Emitted on every write of a dispute record, with the new values.
    event ChannelUpdate(bytes32 indexed channelID, uint64 version, uint8 phase, uint64 timeout);

    /// Registers a ledger channel's state, together with its sub-channels in depth-first order; or refutes an
    /// earlier registration with a higher version. Re-registering the registered state is a silent no-op.
    function register(SignedState calldata channel, SignedState[] calldata subChannels) external {
        require(channel.params.ledgerChannel, "not ledger");
        registerRecursive(channel, subChannels, 0, false);
    }

    /// Force-executes one move through the channel's app: `state` follows the registered `stateOld`, signed by
    /// participant `actorIdx` only.
    function progress(
        Channel.Params calldata params,
        Channel.State calldata stateOld,
        Channel.State calldata state,
        uint256 actorIdx,
        bytes calldata sig
    ) external {
        Dispute storage dispute = disputes[state.channelID];
        bytes32 storedHash = dispute.stateHash;
        require(storedHash != 0, "not registered");
        uint8 phase = dispute.phase;
        if (phase == DISPUTE) {
            require(block.timestamp >= dispute.timeout, "timeout not passed");
        } else if (phase == FORCEEXEC) {
            require(block.timestamp < dispute.timeout, "timeout passed");
        } else {
            revert("invalid phase");
        }
        require(params.app != address(0), "must have app");
        require(actorIdx < params.participants.length, "actorIdx out of range");
        requireValidParams(params, state);
        require(storedHash == hashState(stateOld), "wrong old state");
        bytes32 stateHash = hashState(state);
        require(Sig.verify(stateHash, sig, params.participants[actorIdx].ethAddress), "invalid signature");
        requireValidTransition(params, stateOld, state, actorIdx);
        storeChallenge(params, state, stateHash, FORCEEXEC);
    }

    /// Concludes a registered ledger channel after its timeout, and its sub-channels `subStates` (depth-first),
    /// then pushes the accumulated outcome to the asset holders.
    function conclude(Channel.Params calldata params, Channel.State calldata state, Channel.State[] calldata subStates)
        external
    {
        require(params.ledgerChannel, "not ledger");
        requireValidParams(params, state);
        concludeSingle(state);
        uint256[][] memory outcome = state.outcome.balances;
        forceConcludeRecursive(state, subStates, 0, outcome);
        pushOutcome(state.channelID, params.participants, state.outcome.assets, outcome);
    }

    /// Concludes a ledger channel at once with a final state signed by all participants, overriding any dispute.
    function concludeFinal(Channel.Params calldata params, Channel.State calldata state, bytes[] calldata sigs)
        external
    {
        require(params.ledgerChannel, "not ledger");
        require(state.isFinal, "state not final");
        require(state.outcome.locked.length == 0, "has sub-channels");
        requireValidParams(params, state);
        bytes32 stateHash = hashState(state);
        requireAllSignatures(params, stateHash, sigs);
        Dispute storage dispute = disputes[state.channelID];
        if (dispute.stateHash != 0) {
            require(dispute.phase != CONCLUDED, "concluded already");
        }
        storeChallenge(params, state, stateHash, CONCLUDED);
        pushOutcome(state.channelID, params.participants, state.outcome.assets, state.outcome.balances);
    }

    /// keccak256(abi.encode(params)).
    function channelID(Channel.Params calldata params) public pure returns (bytes32) {
        return keccak256(abi.encode(params));
    }

    /// keccak256(abi.encode(state)): the hash participants sign (with the EIP-191 prefix).
    function hashState(Channel.State calldata state) public pure returns (bytes32) {
        return keccak256(abi.encode(state));
    }

    /// Registers `ch` and its sub-channels from `subChannels[next]` on; returns the next unused index and, when
    /// `wantOutcome`, the channel's total per asset including its sub-channels.
    function registerRecursive(
        SignedState calldata ch,
        SignedState[] calldata subChannels,
        uint256 next,
        bool wantOutcome
    ) internal returns (uint256[] memory outcome, uint256) {
        registerSingle(ch);
        Channel.Allocation calldata alloc = ch.state.outcome;
        if (wantOutcome) {
            outcome = sumRows(alloc.balances);
        }
        uint256 nLocked = alloc.locked.length;
        require(nLocked <= subChannels.length, "subChannels too short");
        for (uint256 s = 0; s < nLocked; s++) {
            Channel.SubAlloc calldata sub = alloc.locked[s];
            SignedState calldata subChannel = subChannels[next];
            next++;
            require(subChannel.state.channelID == sub.ID, "invalid sub-channel id");
            uint256[] memory subOutcome;
            (subOutcome, next) = registerRecursive(subChannel, subChannels, next, true);
            Channel.requireEqualAssets(alloc.assets, subChannel.state.outcome.assets);
            Channel.requireEqualToMemory(sub.balances, subOutcome);
            if (wantOutcome) {
                for (uint256 a = 0; a < subOutcome.length; a++) {
                    outcome[a] += subOutcome[a];
                }
            }
        }
        return (outcome, next);
    }

    function registerSingle(SignedState calldata ch) internal {
        Channel.Params calldata params = ch.params;
        Channel.State calldata state = ch.state;
        requireValidParams(params, state);
        bytes32 stateHash = hashState(state);
        requireAllSignatures(params, stateHash, ch.sigs);
        if (params.virtualChannel) {
            require(params.app == address(0), "cannot have app");
            require(state.outcome.locked.length == 0, "funds locked");
        }
        Dispute storage dispute = disputes[state.channelID];
        bytes32 storedHash = dispute.stateHash;
        if (storedHash != 0) {
            if (storedHash == stateHash) {
                return;
            }
            require(dispute.version < state.version, "invalid version");
            require(dispute.phase == DISPUTE, "incorrect phase");
            require(block.timestamp < dispute.timeout, "refutation timeout passed");
        }
        storeChallenge(params, state, stateHash, DISPUTE);
    }

    function concludeSingle(Channel.State calldata state) internal {
        Dispute storage dispute = disputes[state.channelID];
        require(dispute.stateHash == hashState(state), "invalid state");
        uint8 phase = dispute.phase;
        require(phase != CONCLUDED, "already concluded");
        uint64 timeout = dispute.timeout;
        if (phase == DISPUTE && dispute.hasApp) {
            timeout += dispute.challengeDuration;
        }
        require(block.timestamp >= timeout, "timeout not passed yet");
        writeSlot0(dispute, timeout, dispute.challengeDuration, dispute.version, CONCLUDED);
        emit ChannelUpdate(state.channelID, dispute.version, CONCLUDED, timeout);
    }

    /// Concludes the sub-channels of `parent` from `subStates[next]` on without a timeout check and adds their
    /// outcomes into `outcome` (the parent's) through each SubAlloc's index map; returns the next unused index.
    function forceConcludeRecursive(
        Channel.State calldata parent,
        Channel.State[] calldata subStates,
        uint256 next,
        uint256[][] memory outcome
    ) internal returns (uint256) {
        Channel.SubAlloc[] calldata locked = parent.outcome.locked;
        for (uint256 s = 0; s < locked.length; s++) {
            Channel.State calldata sub = subStates[next];
            next++;
            require(sub.channelID == locked[s].ID, "invalid subchannel id");
            Dispute storage dispute = disputes[sub.channelID];
            require(dispute.stateHash == hashState(sub), "invalid state");
            if (dispute.phase != CONCLUDED) {
                uint64 timeout = dispute.timeout;
                uint64 version = dispute.version;
                writeSlot0(dispute, timeout, dispute.challengeDuration, version, CONCLUDED);
                emit ChannelUpdate(sub.channelID, version, CONCLUDED, timeout);
            }
            uint256[][] memory subOutcome = sub.outcome.balances;
            next = forceConcludeRecursive(sub, subStates, next, subOutcome);
            uint16[] calldata indexMap = locked[s].indexMap;
            for (uint256 a = 0; a < subOutcome.length; a++) {
                uint256[] memory row = subOutcome[a];
                uint256[] memory parentRow = outcome[a];
                for (uint256 p = 0; p < row.length; p++) {
                    parentRow[indexMap[p]] += row[p];
                }
            }
        }
        return next;
    }

    function requireValidParams(Channel.Params calldata params, Channel.State calldata state) internal pure {
        require(state.channelID == channelID(params), "invalid params");
    }

    function requireAllSignatures(Channel.Params calldata params, bytes32 stateHash, bytes[] calldata sigs)
        internal
        pure
    {
        Channel.Participant[] calldata parts = params.participants;
        require(sigs.length == parts.length, "signatures length mismatch");
        for (uint256 i = 0; i < sigs.length; i++) {
            require(Sig.verify(stateHash, sigs[i], parts[i].ethAddress), "invalid signature");
        }
    }

    function requireValidTransition(
        Channel.Params calldata params,
        Channel.State calldata from,
        Channel.State calldata to,
        uint256 actorIdx
    ) internal pure {
        require(to.version == from.version + 1, "version must increment by one");
        require(!from.isFinal, "cannot progress from final state");
        requireAssetPreservation(from.outcome, to.outcome, params.participants.length);
        App(params.app).validTransition(params, from, to, actorIdx);
    }

    function requireAssetPreservation(
        Channel.Allocation calldata from,
        Channel.Allocation calldata to,
        uint256 numParts
    ) internal pure {
        require(from.balances.length == to.balances.length, "balances length mismatch");
        require(from.assets.length == to.assets.length, "assets length mismatch");
        Channel.requireEqualSubAllocs(from.locked, to.locked);
        Channel.requireEqualAssets(from.assets, to.assets);
        for (uint256 a = 0; a < from.balances.length; a++) {
            uint256[] calldata fromRow = from.balances[a];
            uint256[] calldata toRow = to.balances[a];
            require(fromRow.length == numParts, "old balances length mismatch");
            require(toRow.length == numParts, "new balances length mismatch");
            uint256 sumFrom = 0;
            uint256 sumTo = 0;
            for (uint256 p = 0; p < numParts; p++) {
                sumFrom += fromRow[p];
                sumTo += toRow[p];
            }
            require(sumFrom == sumTo, "sum of balances mismatch");
        }
    }

    /// Writes a new dispute record and emits ChannelUpdate. The timeout: now for a final state, now + duration
    /// for a first registration and for every progress, unchanged for a refutation.
    function storeChallenge(
        Channel.Params calldata params,
        Channel.State calldata state,
        bytes32 stateHash,
        uint8 phase
    ) internal {
        Dispute storage dispute = disputes[state.channelID];
        bool registered = dispute.stateHash != 0;
        uint64 duration = uint64(params.challengeDuration);
        uint64 timeout;
        if (state.isFinal) {
            timeout = uint64(block.timestamp);
        } else if (!registered || phase == FORCEEXEC) {
            timeout = uint64(block.timestamp) + duration;
        } else {
            timeout = dispute.timeout;
        }
        uint64 version = state.version;
        writeSlot0(dispute, timeout, duration, version, phase);
        dispute.stateHash = stateHash;
        if (!registered && params.app != address(0)) {
            dispute.hasApp = true;
        }
        emit ChannelUpdate(state.channelID, version, phase, timeout);
    }

    /// Writes the packed first slot of a dispute record (timeout, challengeDuration, version, phase) at once.
    function writeSlot0(Dispute storage dispute, uint64 timeout, uint64 duration, uint64 version, uint8 phase)
        internal
    {
        assembly ("memory-safe") {
            sstore(
                dispute.slot,
                or(
                    or(and(timeout, 0xffffffffffffffff), shl(64, and(duration, 0xffffffffffffffff))),
                    or(shl(128, and(version, 0xffffffffffffffff)), shl(192, and(phase, 0xff)))
                )
            )
        }
    }

    /// Calls setOutcome on every asset holder of this chain; assets on other chains or backends are skipped.
    function pushOutcome(
        bytes32 chID,
        Channel.Participant[] calldata participants,
        Channel.Asset[] calldata assets,
        uint256[][] memory outcome
    ) internal {
        for (uint256 a = 0; a < assets.length; a++) {
            Channel.Asset calldata asset = assets[a];
            if (asset.chainID == block.chainid && asset.ethHolder != address(0)) {
                AssetHolder(asset.ethHolder).setOutcome(chID, participants, outcome[a]);
            }
        }
    }

    function sumRows(uint256[][] calldata rows) internal pure returns (uint256[] memory sums) {
        sums = new uint256[](rows.length);
        for (uint256 a = 0; a < rows.length; a++) {
            uint256 sum = 0;
            for (uint256 p = 0; p < rows[a].length; p++) {
                sum += rows[a][p];
            }
            sums[a] = sum;
        }
    }
}
