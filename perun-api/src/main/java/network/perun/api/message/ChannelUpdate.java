// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import network.perun.api.Signature;
import network.perun.api.State;

/** A proposed next state of a channel, signed by the proposer. */
public record ChannelUpdate(State state, int actorIndex, Signature signature) implements Message {
  @Override
  public MessageType type() {
    return MessageType.CHANNEL_UPDATE;
  }
}
