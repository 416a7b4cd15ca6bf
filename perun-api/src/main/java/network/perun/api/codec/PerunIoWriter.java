// SPDX-License-Identifier: Apache-2.0
package network.perun.api.codec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;

/**
 * A growable buffer that writes go-perun's perunio primitives.
 *
 * <pre>
 *   u8 u16 u32 u64   little-endian, natural width      bool     1 byte, 0 or 1
 *   big integer      [len:u8 &lt;= 128][magnitude, big-endian, minimal]   zero = [0x00]
 *   string           [len:u16][UTF-8 bytes]              value    [len:u16][bytes]
 *   fixed / raw      the bytes, no length (the reader knows the size)
 * </pre>
 */
public final class PerunIoWriter {
  private byte[] buf;
  private int size;

  public PerunIoWriter() {
    this(256);
  }

  public PerunIoWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public PerunIoWriter u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public PerunIoWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public PerunIoWriter u16(int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new InvalidValueException("value does not fit a u16: " + v);
    }
    ensure(2);
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
    return this;
  }

  /** Writes the low 32 bits of {@code v} (an int32 or a uint32). */
  public PerunIoWriter u32(int v) {
    ensure(4);
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 24);
    return this;
  }

  public PerunIoWriter u64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** A 32-bit big-endian length or value (the one exception to the little-endian rule: AuthResponse). */
  public PerunIoWriter u32BigEndian(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public PerunIoWriter bigInt(BigInteger v) {
    if (v.signum() < 0) {
      throw new InvalidValueException("a negative big integer cannot be encoded: " + v);
    }
    if (v.signum() == 0) {
      return u8(0);
    }
    byte[] mag = v.toByteArray();
    int off = mag[0] == 0 ? 1 : 0;
    int len = mag.length - off;
    if (len > Limits.MAX_BIG_INT_BYTES) {
      throw new InvalidValueException("big integer of " + len + " bytes exceeds " + Limits.MAX_BIG_INT_BYTES + ": " + v);
    }
    u8(len);
    ensure(len);
    System.arraycopy(mag, off, buf, size, len);
    size += len;
    return this;
  }

  /** The bytes as they are, with no length. */
  public PerunIoWriter raw(Bytes b) {
    ensure(b.length());
    b.copyTo(buf, size);
    size += b.length();
    return this;
  }

  public PerunIoWriter raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  /** A u16 length and the bytes. */
  public PerunIoWriter value(Bytes b) {
    u16(b.length());
    return raw(b);
  }

  /** A u16 length and the UTF-8 bytes. */
  public PerunIoWriter string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 0xFFFF) {
      throw new InvalidValueException("string of " + utf8.length + " UTF-8 bytes exceeds 65535");
    }
    u16(utf8.length);
    return raw(utf8);
  }

  public int size() {
    return size;
  }

  /** A copy of what was written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
