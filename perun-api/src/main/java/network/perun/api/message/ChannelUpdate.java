// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.InvalidValueException;
import network.perun.api.Signature;
import network.perun.api.State;

/**
 * A proposed next state of a channel, signed by the proposer.
 *
 * @param actorIndex the proposer's participant index, below the state's number of participants
 */
public record ChannelUpdate(State state, int actorIndex, Signature signature) implements Message {
  public ChannelUpdate {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(signature, "signature");
    int parts = state.allocation().numParticipants();
    InvalidValueException.check(actorIndex >= 0 && actorIndex < parts, "actor index %d out of range for %d participants", actorIndex, parts);
  }

  @Override
  public MessageType type() {
    return MessageType.CHANNEL_UPDATE;
  }
}
