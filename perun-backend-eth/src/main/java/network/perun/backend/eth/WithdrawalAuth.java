// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.util.Objects;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;

/**
 * The AssetHolder's {@code WithdrawalAuth}: a participant's signed permission to pay {@code amount} of its
 * holdings in a settled channel to {@code receiver}.
 *
 * <pre>
 * struct WithdrawalAuth { bytes32 channelID; Participant participant; address receiver; uint256 amount; }
 * struct Participant    { address ethAddress; bytes ccAddress; }
 * signed like a state:  EIP-191(keccak256(abi.encode(auth)))
 * </pre>
 *
 * <p>The contract has no nonce: an auth can be replayed while the holdings cover it, so we always withdraw the
 * full holdings. {@code ccAddress} is signed but never checked; we send it empty, as go-perun does.
 *
 * @param channelId the settled channel
 * @param participant the participant whose holdings are paid out (and who signs)
 * @param ccAddress the participant's cross-chain address, usually empty
 * @param receiver who receives the payout
 * @param amount how much, a uint256
 */
public record WithdrawalAuth(ChannelId channelId, Address participant, Bytes ccAddress, Address receiver, BigInteger amount) {
  public WithdrawalAuth {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(ccAddress, "ccAddress");
    Objects.requireNonNull(amount, "amount");
    EthAddress.bytes(participant);
    EthAddress.bytes(receiver);
    InvalidValueException.check(amount.signum() >= 0 && amount.bitLength() <= 256, "withdrawal amount must be a uint256, got %s", amount);
  }

  /** An auth with an empty {@code ccAddress}, paying {@code participant}'s {@code amount} to {@code receiver}. */
  public static WithdrawalAuth of(ChannelId channelId, Address participant, Address receiver, BigInteger amount) {
    return new WithdrawalAuth(channelId, participant, Bytes.EMPTY, receiver, amount);
  }
}
