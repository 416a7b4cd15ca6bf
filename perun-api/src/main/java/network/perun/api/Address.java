// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;

/**
 * An on-chain account address of one backend: the backend ID and the address's binary form.
 *
 * <p>What the bytes mean is up to the backend (a 20-byte Ethereum address, a 32-byte Ed25519 key for the
 * simulated backend). Addresses compare by backend ID, then by bytes.
 */
public record Address(int backendId, Bytes bytes) implements Comparable<Address> {
  /** The longest address encoding the wire format can carry (a u16 length). */
  public static final int MAX_LENGTH = 0xFFFF;

  public Address {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(backendId >= 0, "backend ID must not be negative: %d", backendId);
    InvalidValueException.check(!bytes.isEmpty() && bytes.length() <= MAX_LENGTH, "address must be 1..%d bytes, got %d", MAX_LENGTH, bytes.length());
  }

  @Override
  public int compareTo(Address o) {
    int c = Integer.compare(backendId, o.backendId);
    return c != 0 ? c : bytes.compareTo(o.bytes);
  }

  @Override
  public String toString() {
    return backendId + ":" + bytes;
  }
}
