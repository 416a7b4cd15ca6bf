// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes with value equality, the building block of IDs, addresses and signatures.
 *
 * <p>The array passed to {@link #of(byte[])} is copied; {@link #toArray()} returns a copy. Records that hold
 * a {@code Bytes} therefore get correct {@code equals} and {@code hashCode} for free.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code data}. */
  public static Bytes of(byte[] data) {
    Objects.requireNonNull(data, "data");
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  /** A copy of {@code length} bytes of {@code data} starting at {@code offset}. */
  public static Bytes of(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
  }

  /**
   * Wraps {@code data} without copying. The caller hands the array over and must never change it again.
   * Only for freshly built arrays on hot paths.
   */
  public static Bytes wrap(byte[] data) {
    Objects.requireNonNull(data, "data");
    return data.length == 0 ? EMPTY : new Bytes(data);
  }

  /** Parses hex digits, with or without a {@code 0x} prefix. */
  public static Bytes fromHex(String hex) {
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    try {
      return wrap(HEX.parseHex(digits));
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("not a hex string: \"" + hex + "\"");
    }
  }

  /** Bytes of {@code length} zeros. */
  public static Bytes zeros(int length) {
    return wrap(new byte[length]);
  }

  public int length() {
    return data.length;
  }

  public boolean isEmpty() {
    return data.length == 0;
  }

  public byte get(int index) {
    return data[index];
  }

  /** A copy of the bytes. */
  public byte[] toArray() {
    return data.clone();
  }

  /** Copies the bytes into {@code dest} at {@code offset}. */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(data, 0, dest, offset, data.length);
  }

  /** Whether every byte is zero. */
  public boolean isZero() {
    for (byte b : data) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex digits without a prefix. */
  public String toHex() {
    return HEX.formatHex(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  /** Unsigned lexicographic order. */
  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(data, o.data);
  }

  /** {@code 0x} and the hex digits, shortened in the middle beyond 64 bytes. */
  @Override
  public String toString() {
    if (data.length <= 64) {
      return "0x" + toHex();
    }
    return "0x" + HEX.formatHex(data, 0, 16) + "..(" + data.length + " bytes).." + HEX.formatHex(data, data.length - 16, data.length);
  }
}
