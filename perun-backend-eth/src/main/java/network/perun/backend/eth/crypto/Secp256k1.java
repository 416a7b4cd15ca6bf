// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.math.BigInteger;
import java.util.Optional;

/**
 * secp256k1 ECDSA as Ethereum uses it: deterministic (RFC 6979) low-s signatures over 32-byte hashes, with the
 * recovery ID computed at signing time, and public-key recovery for verification.
 *
 * <p>Two implementations: {@link NativeSecp256k1} (libsecp256k1 through JNI, about 15 times faster) and
 * {@link BouncyCastleSecp256k1} (pure Java). {@link #get()} picks one once per JVM: the native one if its library
 * loads and passes a self-test, otherwise BouncyCastle; the choice is logged at INFO. The system property
 * {@code perun.eth.secp256k1=java} forces BouncyCastle. Both produce identical signatures.
 */
public sealed interface Secp256k1 permits NativeSecp256k1, BouncyCastleSecp256k1 {
  /** The order n of the curve's group. */
  BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  /** n / 2: signatures with a larger s are malleated copies, which Ethereum (and we) reject. */
  BigInteger HALF_N = N.shiftRight(1);

  /** The system property that selects the implementation: {@code native} (default, if it loads) or {@code java}. */
  String PROPERTY = "perun.eth.secp256k1";

  /**
   * Signs a 32-byte {@code hash} with {@code privateKey} (32 bytes). {@code publicKey} is the key's 64-byte
   * uncompressed public key {@code x || y}, used to find the recovery ID without trial recoveries where needed.
   */
  RecoverableSignature sign(byte[] hash, byte[] privateKey, byte[] publicKey);

  /**
   * The 64-byte public key {@code x || y} that made {@code signature} over {@code hash}; empty for an invalid
   * signature (r or s out of range, high s, no such point). Never throws for bad input.
   */
  Optional<byte[]> recover(byte[] hash, RecoverableSignature signature);

  /**
   * The 64-byte uncompressed public key {@code x || y} of a 32-byte private key.
   *
   * @throws IllegalArgumentException if the key is not in 1..n-1
   */
  byte[] publicKey(byte[] privateKey);

  /** A short name for logs: {@code native} or {@code bouncycastle}. */
  String name();

  /** The implementation chosen for this JVM (see the type's description). */
  static Secp256k1 get() {
    return Secp256k1Choice.INSTANCE;
  }

  /** Whether a private key is a valid secp256k1 scalar: 32 bytes, in 1..n-1. */
  static boolean isValidPrivateKey(byte[] privateKey) {
    if (privateKey.length != 32) {
      return false;
    }
    BigInteger d = new BigInteger(1, privateKey);
    return d.signum() > 0 && d.compareTo(N) < 0;
  }
}
