// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 (the original Keccak padding, as Ethereum uses it; not NIST SHA3-256) and the EIP-191 message hash.
 *
 * <pre>
 * keccak256(data)           32 bytes
 * ethSignedMessageHash(h)   keccak256("\x19Ethereum Signed Message:\n32" || h)   for a 32-byte hash h
 * </pre>
 *
 * <p>Stateless and thread-safe: every call uses its own digest.
 */
public final class Keccak {
  /** The length of a Keccak-256 hash. */
  public static final int HASH_LENGTH = 32;

  private static final byte[] EIP191_PREFIX_32 = "\u0019Ethereum Signed Message:\n32".getBytes(StandardCharsets.US_ASCII);

  private Keccak() {}

  /** Keccak-256 of the concatenation of {@code parts}. */
  public static byte[] keccak256(byte[]... parts) {
    KeccakDigest digest = new KeccakDigest(256);
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[HASH_LENGTH];
    digest.doFinal(out, 0);
    return out;
  }

  /** Keccak-256 of {@code length} bytes of {@code data} from {@code offset}. */
  public static byte[] keccak256(byte[] data, int offset, int length) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, offset, length);
    byte[] out = new byte[HASH_LENGTH];
    digest.doFinal(out, 0);
    return out;
  }

  /**
   * The EIP-191 "personal message" hash of a 32-byte hash: what OpenZeppelin's {@code toEthSignedMessageHash} and
   * the Perun contracts verify signatures against.
   *
   * @throws IllegalArgumentException if {@code hash} is not 32 bytes
   */
  public static byte[] ethSignedMessageHash(byte[] hash) {
    if (hash.length != HASH_LENGTH) {
      throw new IllegalArgumentException("EIP-191 prefix applies to a 32-byte hash, got " + hash.length + " bytes");
    }
    return keccak256(EIP191_PREFIX_32, hash);
  }
}
