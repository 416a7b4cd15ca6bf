// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;

/**
 * The authentication message of the connection handshake: a signature by the sender's wire identity key.
 *
 * @param signature the wire signature, 1..{@link #MAX_SIGNATURE_LENGTH} bytes; its size depends on the wire
 *     identity scheme, not on the channel backend
 */
public record AuthResponse(Bytes signature) implements Message {
  /** The longest wire signature accepted (RSA-4096 needs 512 bytes). */
  public static final int MAX_SIGNATURE_LENGTH = 0xFFFF;

  public AuthResponse {
    Objects.requireNonNull(signature, "signature");
    InvalidValueException.check(!signature.isEmpty() && signature.length() <= MAX_SIGNATURE_LENGTH,
        "auth response signature must be 1..%d bytes, got %d", MAX_SIGNATURE_LENGTH, signature.length());
  }

  @Override
  public MessageType type() {
    return MessageType.AUTH_RESPONSE;
  }
}
