// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import java.util.Objects;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;

/** The 32 random bytes that identify one channel proposal and its answers. */
public record ProposalId(Bytes bytes) {
  public static final int LENGTH = 32;

  public ProposalId {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(bytes.length() == LENGTH, "proposal ID must be %d bytes, got %d", LENGTH, bytes.length());
  }

  @Override
  public String toString() {
    return "proposal " + bytes.toHex().substring(0, 16);
  }
}
