// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import network.perun.api.Address;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;

/**
 * How one backend identifies channels and signs states.
 *
 * <p>Every field of {@link Params} must feed the channel ID, and every field of {@link State} must be covered by
 * its signature, so that no party can change a field the others did not agree to.
 */
public interface ChannelBackend {
  /** The channel ID: a commitment to every field of {@code params}. */
  ChannelId channelId(Params params);

  /** {@code account}'s signature of {@code state}. */
  Signature sign(Account account, State state);

  /** Whether {@code signature} is {@code signer}'s signature of {@code state}; never throws for a bad signature. */
  boolean verify(Address signer, State state, Signature signature);
}
