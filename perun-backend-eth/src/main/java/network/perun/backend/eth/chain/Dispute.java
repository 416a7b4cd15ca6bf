// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.util.Objects;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;

/**
 * The Adjudicator's record of a channel, as its {@code disputes(channelID)} getter returns it.
 *
 * <pre>
 * disputes(id) returns (uint64 timeout, uint64 challengeDuration, uint64 version, uint8 phase, bytes32 stateHash, bool hasApp)
 * registered   iff stateHash != 0
 * </pre>
 *
 * @param timeout the end of the current phase, in chain seconds
 * @param challengeDuration the channel's challenge duration
 * @param version the registered version
 * @param phase the dispute phase
 * @param stateHash {@code keccak256(abi.encode(state))} of the registered state
 * @param hasApp whether the channel has an app
 */
public record Dispute(long timeout, long challengeDuration, long version, Phase phase, Bytes stateHash, boolean hasApp) {
  /** The Adjudicator's dispute phases, with its {@code uint8} codes. */
  public enum Phase {
    /** Registered; newer states may refute it until the timeout. */
    DISPUTE,
    /** An app channel is advanced on chain. */
    FORCEEXEC,
    /** Concluded: the outcome is pushed to the asset holders. */
    CONCLUDED;

    /** The phase with the contract's code. */
    public static Phase ofCode(int code) {
      InvalidValueException.check(code >= 0 && code < values().length, "unknown dispute phase %d", code);
      return values()[code];
    }
  }

  public Dispute {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(stateHash, "stateHash");
  }

  /** Whether the channel is concluded. */
  public boolean isConcluded() {
    return phase == Phase.CONCLUDED;
  }

  /**
   * The chain time from which {@code conclude} succeeds: the timeout, plus one challenge duration for an app
   * channel still in DISPUTE (the force-execution window nobody used).
   */
  public long concludableAt() {
    if (phase == Phase.DISPUTE && hasApp) {
      long sum = timeout + challengeDuration;
      return sum < timeout ? Long.MAX_VALUE : sum;
    }
    return timeout;
  }
}
