// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Transaction;

/**
 * A request to the {@link Adjudicator} about one channel.
 *
 * @param channelId the channel
 * @param params its params
 * @param account our account in the channel (signs withdrawals)
 * @param transaction the fully signed transaction to register or settle on
 * @param ownIndex our participant index
 * @param secondary whether another participant is settling too, so this call may wait for their conclusion
 *     instead of sending a duplicate transaction
 */
public record AdjudicatorRequest(ChannelId channelId, Params params, Account account, Transaction transaction, int ownIndex, boolean secondary) {
  public AdjudicatorRequest {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(transaction, "transaction");
    InvalidValueException.check(ownIndex >= 0 && ownIndex < params.numParticipants(), "own index %d out of range for %d participants", ownIndex, params.numParticipants());
    InvalidValueException.check(transaction.state().channelId().equals(channelId), "transaction is for channel %s, request for %s", transaction.state().channelId(), channelId);
  }
}
