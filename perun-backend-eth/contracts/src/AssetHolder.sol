// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Channel.sol";
import "./Sig.sol";

/// @title AssetHolder: holds one asset's deposits for all channels and pays out the adjudicated outcome.
/// @notice Deposits are keyed by funding ID = keccak256(abi.encode(channelID, participant)). The adjudicator
/// sets a channel's outcome once; participants then withdraw with a signed WithdrawalAuth.
abstract contract AssetHolder {
    /// A participant's signed order to pay `amount` of its settled holdings in channel `channelID` to `receiver`.
    struct WithdrawalAuth {
        bytes32 channelID;
        Channel.Participant participant;
        address receiver;
        uint256 amount;
    }

    /// Deposited funds by funding ID (and, for funds sent to no participant, by bare channel ID).
    mapping(bytes32 => uint256) public holdings;

    /// Whether the adjudicator has set the outcome of a channel.
    mapping(bytes32 => bool) public settled;

    /// The only account allowed to set outcomes.
    address public immutable adjudicator;

    event OutcomeSet(bytes32 indexed channelID);
    event Deposited(bytes32 indexed fundingID, uint256 amount);
    event Withdrawn(bytes32 indexed fundingID, uint256 amount, address receiver);

    constructor(address adjudicator_) {
        adjudicator = adjudicator_;
    }

    /// Credits `amount` to `fundingID`. Anyone may deposit to any funding ID at any time.
    function deposit(bytes32 fundingID, uint256 amount) external payable {
        depositCheck(fundingID, amount);
        credit(fundingID, amount);
        depositEnact(fundingID, amount);
        emit Deposited(fundingID, amount);
    }

    /// Sets the final balances of a channel. When the deposits do not cover the outcome, every participant keeps
    /// exactly what it deposited.
    function setOutcome(bytes32 channelID, Channel.Participant[] calldata parts, uint256[] calldata newBals)
        external
    {
        require(msg.sender == adjudicator, "can only be called by the adjudicator");
        require(parts.length == newBals.length, "participants length should equal balances");
        require(!settled[channelID], "trying to set already settled channel");

        uint256 sumHeld = holdings[channelID];
        if (sumHeld != 0) {
            holdings[channelID] = 0;
        }
        uint256 sumOutcome = 0;
        bytes32[] memory fundingIDs = new bytes32[](parts.length);
        for (uint256 i = 0; i < parts.length; i++) {
            bytes32 fid = calcFundingID(channelID, parts[i].ethAddress);
            fundingIDs[i] = fid;
            sumHeld += holdings[fid];
            sumOutcome += newBals[i];
        }
        if (sumHeld >= sumOutcome) {
            for (uint256 i = 0; i < parts.length; i++) {
                holdings[fundingIDs[i]] = newBals[i];
            }
        }
        settled[channelID] = true;
        emit OutcomeSet(channelID);
    }

    /// Pays `auth.amount` of the participant's settled holdings to `auth.receiver`; `sig` is the participant's
    /// EIP-191 signature on keccak256(abi.encode(auth)).
    function withdraw(WithdrawalAuth calldata auth, bytes calldata sig) external {
        require(settled[auth.channelID], "channel not settled");
        require(
            Sig.verify(keccak256(abi.encode(auth)), sig, auth.participant.ethAddress),
            "signature verification failed"
        );
        bytes32 fid = calcFundingID(auth.channelID, auth.participant.ethAddress);
        uint256 held = holdings[fid];
        require(held >= auth.amount, "insufficient funds");
        unchecked {
            holdings[fid] = held - auth.amount;
        }
        withdrawEnact(auth);
        emit Withdrawn(fid, auth.amount, auth.receiver);
    }

    /// keccak256(abi.encode(channelID, participant)).
    function calcFundingID(bytes32 channelID, address participant) internal pure returns (bytes32 fid) {
        assembly ("memory-safe") {
            mstore(0x00, channelID)
            mstore(0x20, and(participant, 0xffffffffffffffffffffffffffffffffffffffff))
            fid := keccak256(0x00, 0x40)
        }
    }

    /// Adds a deposit to the holdings; overflow-checked unless a holder proves it cannot overflow.
    function credit(bytes32 fundingID, uint256 amount) internal virtual {
        holdings[fundingID] += amount;
    }

    /// Checks a deposit before it is credited.
    function depositCheck(bytes32 fundingID, uint256 amount) internal view virtual;

    /// Moves the deposited asset in, after it is credited.
    function depositEnact(bytes32 fundingID, uint256 amount) internal virtual;

    /// Moves the withdrawn asset out, after it is debited.
    function withdrawEnact(WithdrawalAuth calldata auth) internal virtual;
}
