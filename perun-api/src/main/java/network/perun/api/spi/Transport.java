// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.util.function.Consumer;
import network.perun.api.WireAddress;
import network.perun.api.message.Envelope;

/**
 * The message bus between peers (go-perun's wire.Bus): sends envelopes and hands incoming ones to the
 * subscriber of their recipient.
 *
 * <p>Envelopes that arrive for an address before anyone subscribed are kept (up to a bound) and delivered once
 * it subscribes.
 */
public interface Transport extends AutoCloseable {
  /**
   * Sends {@code envelope} to its recipient, connecting first if needed.
   *
   * @throws PeerUnreachableException if the recipient cannot be reached
   */
  void send(Envelope envelope);

  /**
   * Delivers every envelope addressed to {@code self} to {@code receiver}, in arrival order per sender, on
   * a thread of the transport's choosing; the receiver must not block for long.
   *
   * @throws network.perun.api.InvalidValueException if {@code self} already has a subscriber (go-perun #220
   *     panics instead)
   */
  AutoCloseable subscribe(WireAddress self, Consumer<Envelope> receiver);

  @Override
  void close();
}
