// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;
import network.perun.api.Phase;

/**
 * An operation on a {@link ChannelMachine} that its current phase does not allow, such as an update while the
 * channel is still funding, or enabling a state that still lacks signatures.
 *
 * <p>The message names the channel (short hex ID), the phase and the operation, for example
 * {@code "channel 1a2b3c4d: cannot setFunded in phase ACTING (allowed in [FUNDING])"}.
 */
public class PhaseTransitionException extends PerunException {
  private static final long serialVersionUID = 1L;

  private final transient ChannelId channelId;
  private final Phase phase;
  private final String operation;

  /**
   * A refusal of {@code operation} in {@code phase}, with the reason in words.
   *
   * @param reason why the operation is refused, such as {@code "allowed in [FUNDING]"}
   */
  public PhaseTransitionException(ChannelId channelId, Phase phase, String operation, String reason) {
    super("channel " + channelId.shortHex() + ": cannot " + operation + " in phase " + phase + " (" + reason + ")");
    this.channelId = Objects.requireNonNull(channelId, "channelId");
    this.phase = Objects.requireNonNull(phase, "phase");
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  /** The channel the operation was attempted on. */
  public ChannelId channelId() {
    return channelId;
  }

  /** The phase the channel was in; it is still in it. */
  public Phase phase() {
    return phase;
  }

  /** The refused operation, named like the {@link ChannelMachine} method. */
  public String operation() {
    return operation;
  }
}
