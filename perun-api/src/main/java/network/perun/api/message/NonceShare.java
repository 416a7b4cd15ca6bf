// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;

/** One party's 32-byte contribution to a channel's nonce: nonce = SHA3-256(proposer share || responder share). */
public record NonceShare(Bytes bytes) {
  public static final int LENGTH = 32;

  public NonceShare {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(bytes.length() == LENGTH, "nonce share must be %d bytes, got %d", LENGTH, bytes.length());
  }
}
