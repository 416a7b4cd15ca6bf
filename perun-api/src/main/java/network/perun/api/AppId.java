// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;

/** The identifier of a channel {@link App}, such as the address of its on-chain contract. */
public record AppId(Bytes bytes) {
  public AppId {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(!bytes.isEmpty() && bytes.length() <= Address.MAX_LENGTH, "app ID must be 1..%d bytes, got %d", Address.MAX_LENGTH, bytes.length());
  }

  @Override
  public String toString() {
    return "app " + bytes;
  }
}
