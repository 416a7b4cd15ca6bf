// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A secp256k1 ECDSA signature with its recovery ID, as Ethereum carries it.
 *
 * <pre>
 * 65-byte form   [r:32 big-endian][s:32 big-endian][v:1]     v = 27 + recoveryId  (recoveryId 0 or 1)
 * </pre>
 *
 * @param r the signature's r, in 1..n-1
 * @param s the signature's s; our signatures are always low-s (s &lt;= n/2)
 * @param recoveryId the parity of the nonce point's y coordinate (0 or 1; 2 and 3 never occur in practice)
 */
public record RecoverableSignature(BigInteger r, BigInteger s, int recoveryId) {
  /** The length of the 65-byte form. */
  public static final int LENGTH = 65;

  public RecoverableSignature {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (r.signum() <= 0 || r.bitLength() > 256 || s.signum() <= 0 || s.bitLength() > 256 || recoveryId < 0 || recoveryId > 3) {
      throw new IllegalArgumentException("not a secp256k1 signature: r " + r.toString(16) + ", s " + s.toString(16) + ", recovery ID " + recoveryId);
    }
  }

  /** The 65-byte form with {@code v = 27 + recoveryId}. */
  public byte[] toBytes() {
    byte[] out = new byte[LENGTH];
    writeWord(r, out, 0);
    writeWord(s, out, 32);
    out[64] = (byte) (27 + recoveryId);
    return out;
  }

  /** The 64-byte compact form {@code r || s}. */
  public byte[] compact() {
    byte[] out = new byte[64];
    writeWord(r, out, 0);
    writeWord(s, out, 32);
    return out;
  }

  static void writeWord(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }
}
