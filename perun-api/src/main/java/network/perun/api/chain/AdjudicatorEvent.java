// SPDX-License-Identifier: Apache-2.0
package network.perun.api.chain;

import java.util.List;
import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.Signature;
import network.perun.api.State;

/**
 * Something the adjudicator recorded about a channel: a registration, an on-chain progression or a conclusion.
 *
 * <p>Every event carries the channel ID, the registered version and the timeout of the current phase.
 */
public sealed interface AdjudicatorEvent {
  ChannelId channelId();

  long version();

  ChainTimeout timeout();

  /** A state was registered (a dispute started or was refuted); the challenge period ends at the timeout. */
  record Registered(ChannelId channelId, long version, ChainTimeout timeout, State state, List<Signature> signatures) implements AdjudicatorEvent {
    public Registered {
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(state, "state");
      signatures = List.copyOf(signatures);
    }
  }

  /** An app state was advanced on chain by {@code actorIndex}; the next move is due by the timeout. */
  record Progressed(ChannelId channelId, long version, ChainTimeout timeout, State state, int actorIndex) implements AdjudicatorEvent {
    public Progressed {
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(state, "state");
    }
  }

  /** The channel is concluded on chain: its outcome is fixed and can be withdrawn. */
  record Concluded(ChannelId channelId, long version, ChainTimeout timeout) implements AdjudicatorEvent {
    public Concluded {
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(timeout, "timeout");
    }
  }
}
