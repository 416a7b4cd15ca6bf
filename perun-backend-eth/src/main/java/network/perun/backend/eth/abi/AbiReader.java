// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.abi;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads ABI-encoded values from a byte array by absolute position; see {@link AbiValue} for the layout.
 *
 * <p>Every read checks its bounds and its type's range (an address has 12 zero bytes before it, a bool is 0 or
 * 1, an offset points inside the data), so hostile input fails with {@link AbiDecodingException}, never with an
 * index or arithmetic exception. Offsets are relative to the start of the enclosing tuple or array body, as the
 * ABI defines them; {@link #offset(int, int)} turns one into an absolute position.
 */
public final class AbiReader {
  private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private final byte[] data;

  /** A reader of {@code data} (not copied; it must not change while being read). */
  public AbiReader(byte[] data) {
    this.data = data;
  }

  /** The number of bytes. */
  public int length() {
    return data.length;
  }

  /** The 32-byte word at {@code pos}. */
  public byte[] word(int pos) {
    check(pos, 32, "word");
    return Arrays.copyOfRange(data, pos, pos + 32);
  }

  /** The uint256 at {@code pos}. */
  public BigInteger uint(int pos) {
    check(pos, 32, "uint");
    return new BigInteger(1, Arrays.copyOfRange(data, pos, pos + 32));
  }

  /** The uint at {@code pos} as a non-negative long; fails if it does not fit. */
  public long uintAsLong(int pos, String what) {
    BigInteger v = uint(pos);
    if (v.compareTo(MAX_LONG) > 0) {
      throw new AbiDecodingException(what + " at byte " + pos + " is too large: " + v);
    }
    return v.longValue();
  }

  /** The uint at {@code pos} as an int of at most {@code max}. */
  public int uintAsInt(int pos, int max, String what) {
    BigInteger v = uint(pos);
    if (v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new AbiDecodingException(what + " at byte " + pos + " exceeds " + max + ": " + v);
    }
    return v.intValue();
  }

  /** The 20-byte address at {@code pos}; its 12 leading bytes must be zero. */
  public byte[] address(int pos) {
    check(pos, 32, "address");
    for (int i = 0; i < 12; i++) {
      if (data[pos + i] != 0) {
        throw new AbiDecodingException("address at byte " + pos + " has non-zero high bytes");
      }
    }
    return Arrays.copyOfRange(data, pos + 12, pos + 32);
  }

  /** The bool at {@code pos}: exactly 0 or 1. */
  public boolean bool(int pos) {
    int v = uintAsInt(pos, 1, "bool");
    return v == 1;
  }

  /** The absolute position of the tail that the offset word at {@code pos} points to, relative to {@code base}. */
  public int offset(int base, int pos) {
    BigInteger off = uint(pos);
    if (off.compareTo(MAX_INT) > 0 || base + off.longValue() > data.length) {
      throw new AbiDecodingException("offset " + off + " at byte " + pos + " points outside the " + data.length + " bytes");
    }
    return base + off.intValue();
  }

  /** The length word of a dynamic array at {@code pos}, checked against the bytes that follow (32 per element). */
  public int arrayLength(int pos) {
    BigInteger len = uint(pos);
    long room = (data.length - (long) pos - 32) / 32;
    if (len.compareTo(BigInteger.valueOf(room)) > 0) {
      throw new AbiDecodingException("array at byte " + pos + " claims " + len + " elements, room for " + room);
    }
    return len.intValue();
  }

  /** The dynamic {@code bytes} at {@code pos}: a length word and the data, zero-padded to whole words. */
  public byte[] bytes(int pos) {
    BigInteger len = uint(pos);
    long room = data.length - (long) pos - 32;
    if (len.compareTo(BigInteger.valueOf(room)) > 0 || (len.longValue() + 31) / 32 * 32 > room) {
      throw new AbiDecodingException("bytes at byte " + pos + " claim " + len + " bytes and their padding, only " + room + " follow");
    }
    return Arrays.copyOfRange(data, pos + 32, pos + 32 + len.intValue());
  }

  private void check(int pos, int size, String what) {
    if (pos < 0 || (long) pos + size > data.length) {
      throw new AbiDecodingException(what + " at byte " + pos + " lies outside the " + data.length + " bytes");
    }
  }
}
