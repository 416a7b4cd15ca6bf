// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.SignedState;
import network.perun.api.State;

/**
 * A write to a channel's dispute record, like the contract's {@code ChannelUpdate(channelID, version, phase,
 * timeout)} event, plus what the transaction carried (the contract's listeners read that from the calldata).
 */
public sealed interface DisputeEvent {
  ChannelId channelId();

  long version();

  /** The timeout the record holds after the write, in chain seconds. */
  long timeout();

  DisputePhase phase();

  /** A state was registered or refuted ({@link DisputePhase#DISPUTE}), with every signature. */
  record Registered(ChannelId channelId, long version, long timeout, SignedState signedState) implements DisputeEvent {
    public Registered {
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(signedState, "signedState");
    }

    @Override
    public DisputePhase phase() {
      return DisputePhase.DISPUTE;
    }
  }

  /** An app state was advanced on chain by {@code actorIndex} ({@link DisputePhase#FORCEEXEC}). */
  record Progressed(ChannelId channelId, long version, long timeout, State state, int actorIndex) implements DisputeEvent {
    public Progressed {
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(state, "state");
    }

    @Override
    public DisputePhase phase() {
      return DisputePhase.FORCEEXEC;
    }
  }

  /** The channel was concluded with {@code state} ({@link DisputePhase#CONCLUDED}). */
  record Concluded(ChannelId channelId, long version, long timeout, State state) implements DisputeEvent {
    public Concluded {
      Objects.requireNonNull(channelId, "channelId");
      Objects.requireNonNull(state, "state");
    }

    @Override
    public DisputePhase phase() {
      return DisputePhase.CONCLUDED;
    }
  }
}
