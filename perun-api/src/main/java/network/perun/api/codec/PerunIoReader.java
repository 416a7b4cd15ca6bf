// SPDX-License-Identifier: Apache-2.0
package network.perun.api.codec;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import network.perun.api.Bytes;
import network.perun.api.Limits;

/**
 * Reads perunio primitives ({@link PerunIoWriter} draws the layout) from a byte array, safely on hostile
 * input: every read is bounds-checked and every count is checked against the bytes left before anything is
 * allocated. Any failure is a {@link MalformedMessageException}.
 */
public final class PerunIoReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  public PerunIoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public PerunIoReader(byte[] buf, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + buf.length + " bytes");
    }
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public int remaining() {
    return end - pos;
  }

  public int position() {
    return pos;
  }

  private void need(int n, String what) {
    if (n < 0 || end - pos < n) {
      throw new MalformedMessageException("truncated input: " + what + " needs " + n + " bytes, " + (end - pos) + " left");
    }
  }

  public int u8(String what) {
    need(1, what);
    return buf[pos++] & 0xFF;
  }

  public boolean bool(String what) {
    int v = u8(what);
    if (v > 1) {
      throw new MalformedMessageException(what + ": a bool must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public int u16(String what) {
    need(2, what);
    int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
    pos += 2;
    return v;
  }

  /** A 32-bit little-endian value as a Java int (signed interpretation). */
  public int i32(String what) {
    need(4, what);
    int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  public int u32BigEndian(String what) {
    need(4, what);
    int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  /** A u64; values of 2^63 and more are refused (no field of ours needs them). */
  public long u64(String what) {
    need(8, what);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    if (v < 0) {
      throw new MalformedMessageException(what + " " + Long.toUnsignedString(v) + " exceeds " + Long.MAX_VALUE);
    }
    return v;
  }

  /** A u64 that may use all 64 bits (for example a time stamp), as a Java long. */
  public long i64(String what) {
    need(8, what);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  public BigInteger bigInt(String what) {
    int len = u8(what + " length");
    if (len > Limits.MAX_BIG_INT_BYTES) {
      throw new MalformedMessageException(what + ": big integer length " + len + " exceeds " + Limits.MAX_BIG_INT_BYTES);
    }
    if (len == 0) {
      return BigInteger.ZERO;
    }
    need(len, what);
    if (buf[pos] == 0) {
      throw new MalformedMessageException(what + ": big integer with a leading zero byte is not canonical");
    }
    BigInteger v = new BigInteger(1, buf, pos, len);
    pos += len;
    return v;
  }

  /** {@code n} raw bytes. */
  public Bytes raw(int n, String what) {
    need(n, what);
    Bytes b = Bytes.of(buf, pos, n);
    pos += n;
    return b;
  }

  /** A u16 length and that many bytes. */
  public Bytes value(String what) {
    int len = u16(what + " length");
    return raw(len, what);
  }

  public String string(String what) {
    int len = u16(what + " length");
    need(len, what);
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, pos, len))
          .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException(what + ": not valid UTF-8", e);
    }
  }

  /**
   * Checks a decoded element count before anything is allocated for it: it must be within {@code [min, max]}
   * and the bytes left must hold at least {@code minBytesEach} per element.
   */
  public int count(int n, int min, int max, int minBytesEach, String what) {
    if (n < min || n > max) {
      throw new MalformedMessageException(what + " count " + Integer.toUnsignedString(n) + " outside " + min + ".." + max);
    }
    if ((long) n * minBytesEach > remaining()) {
      throw new MalformedMessageException(what + " count " + n + " needs at least " + (long) n * minBytesEach + " bytes, " + remaining() + " left");
    }
    return n;
  }

  /** Fails unless every byte was read. */
  public void requireEnd(String what) {
    if (pos != end) {
      throw new MalformedMessageException(what + ": " + (end - pos) + " trailing bytes");
    }
  }
}
