// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;

/**
 * A peer's identity on the network: the backend ID and the binary form of its wire identity key.
 *
 * <p>Wire identities are separate from on-chain {@link Address}es (go-perun keeps them apart too): a node has
 * one wire identity and may use a fresh on-chain address per channel.
 */
public record WireAddress(int backendId, Bytes bytes) implements Comparable<WireAddress> {
  public WireAddress {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(backendId >= 0, "backend ID must not be negative: %d", backendId);
    InvalidValueException.check(!bytes.isEmpty() && bytes.length() <= Address.MAX_LENGTH, "wire address must be 1..%d bytes, got %d", Address.MAX_LENGTH, bytes.length());
  }

  @Override
  public int compareTo(WireAddress o) {
    int c = Integer.compare(backendId, o.backendId);
    return c != 0 ? c : bytes.compareTo(o.bytes);
  }

  @Override
  public String toString() {
    return "peer " + backendId + ":" + bytes;
  }
}
