// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.Phase;
import network.perun.api.Transaction;

/** The sync message exchanged on reconnect: the sender's phase and latest fully signed transaction. */
public record ChannelSync(Phase phase, Transaction transaction) implements Message {
  public ChannelSync {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(transaction, "transaction");
  }

  @Override
  public MessageType type() {
    return MessageType.CHANNEL_SYNC;
  }
}
