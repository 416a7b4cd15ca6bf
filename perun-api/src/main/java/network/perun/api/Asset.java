// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;

/**
 * A currency or token a channel holds, as its backend ID and the backend's binary form of the asset.
 *
 * <p>The simulated backend writes an asset as an 8-byte big-endian number; the Ethereum backend as the
 * chain ID and the asset holder's address.
 */
public record Asset(int backendId, Bytes bytes) {
  public Asset {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(backendId >= 0, "backend ID must not be negative: %d", backendId);
    InvalidValueException.check(bytes.length() <= Address.MAX_LENGTH, "asset encoding must be at most %d bytes, got %d", Address.MAX_LENGTH, bytes.length());
  }

  @Override
  public String toString() {
    return "asset " + backendId + ":" + bytes;
  }
}
