// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.WireAddress;

/** A message with its sender and recipient: the unit a transport carries. */
public record Envelope(WireAddress sender, WireAddress recipient, Message message) {
  public Envelope {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(message, "message");
  }
}
