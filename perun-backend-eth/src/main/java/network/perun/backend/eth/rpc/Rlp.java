// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

/**
 * Recursive Length Prefix encoding (Ethereum yellow paper, appendix B), for signing transactions.
 *
 * <pre>
 * a single byte &lt; 0x80    itself
 * bytes, length &lt; 56      [0x80 + length][bytes]
 * bytes, length &gt;= 56     [0xb7 + len(length)][length big-endian][bytes]
 * list, payload &lt; 56      [0xc0 + payload length][items]
 * list, payload &gt;= 56     [0xf7 + len(length)][length big-endian][items]
 * uint                     its minimal big-endian bytes (zero is the empty string)
 * </pre>
 */
final class Rlp {
  private Rlp() {}

  /** The encoding of a byte string. */
  static byte[] bytes(byte[] b) {
    if (b.length == 1 && (b[0] & 0xff) < 0x80) {
      return b.clone();
    }
    return withPrefix(0x80, 0xb7, b);
  }

  /** The encoding of a non-negative integer. */
  static byte[] uint(BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("RLP encodes non-negative integers, got " + v);
    }
    return bytes(minimal(v));
  }

  /** The encoding of a list of already encoded items. */
  static byte[] list(List<byte[]> items) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    for (byte[] item : items) {
      payload.writeBytes(item);
    }
    return withPrefix(0xc0, 0xf7, payload.toByteArray());
  }

  private static byte[] withPrefix(int shortBase, int longBase, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 9);
    if (payload.length < 56) {
      out.write(shortBase + payload.length);
    } else {
      byte[] len = minimal(BigInteger.valueOf(payload.length));
      out.write(longBase + len.length);
      out.writeBytes(len);
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] minimal(BigInteger v) {
    if (v.signum() == 0) {
      return new byte[0];
    }
    byte[] b = v.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
