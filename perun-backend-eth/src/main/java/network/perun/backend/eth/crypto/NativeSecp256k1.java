// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import fr.acinq.secp256k1.Secp256k1Exception;

/**
 * secp256k1 through libsecp256k1 (ACINQ's JNI binding), which signs with RFC 6979 nonces and low s.
 *
 * <p>The binding returns no recovery ID, so signing derives it from the signature's nonce point, which the
 * private key determines (see {@link #sign}); IDs 2 and 3 need a nonce point with x &gt;= n, which has
 * probability about 2^-128.
 * Thread-safe: libsecp256k1's context is read-only after creation.
 */
public final class NativeSecp256k1 implements Secp256k1 {
  private final fr.acinq.secp256k1.Secp256k1 lib;

  private NativeSecp256k1(fr.acinq.secp256k1.Secp256k1 lib) {
    this.lib = lib;
  }

  /** Anvil dev account #1's key and its known signature of keccak256("perun"): the self-test vector. */
  private static final byte[] TEST_KEY = HexFormat.of().parseHex("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final String TEST_SIGNATURE =
      "2abb0b92908db83bd34c65f794d5b02c2f25a12fcc224403fa7644d32f932325125ca29a2c029b69dd1ebcd7fb5ae2150916346723907cbc6fb5c95fe7d0a5261c";
  private static final String TEST_ADDRESS = "70997970c51812dc3a010c7d01b50e0d17dc79c8";

  /**
   * The native implementation if its library loads and passes a self-test on a fixed key (the signature
   * BouncyCastle makes, the key's address, recovery of that key); empty otherwise.
   */
  static Optional<NativeSecp256k1> load() {
    try {
      NativeSecp256k1 nat = new NativeSecp256k1(fr.acinq.secp256k1.Secp256k1.get());
      byte[] hash = Keccak.keccak256("perun".getBytes(StandardCharsets.US_ASCII));
      byte[] pub = nat.publicKey(TEST_KEY);
      RecoverableSignature ours = nat.sign(hash, TEST_KEY, pub);
      byte[] pubHash = Keccak.keccak256(pub);
      boolean same = HexFormat.of().formatHex(pubHash, 12, 32).equals(TEST_ADDRESS)
          && HexFormat.of().formatHex(ours.toBytes()).equals(TEST_SIGNATURE)
          && nat.recover(hash, ours).map(p -> Arrays.equals(p, pub)).orElse(false);
      return same ? Optional.of(nat) : Optional.empty();
    } catch (Throwable notLoaded) { // UnsatisfiedLinkError, missing classes, or an unsupported platform
      return Optional.empty();
    }
  }

  /**
   * Signs with libsecp256k1 and finds the recovery ID from the nonce point, without a recovery.
   *
   * <pre>
   * (r, s)   = lib.sign(hash, d)                      low s, RFC 6979 nonce k
   * k        = rfc6979(d, z)                          z = hash mod n; the nonce libsecp256k1 derived
   * negated  = s k != z + r d (mod n)                 libsecp256k1 replaced a high s by n - s; then s k = -(z + r d)
   * R        = k G                                    lib.pubkeyCreate(k): x || y
   * recid    = (y odd XOR negated) | (x &gt;= n ? 2 : 0)   x mod n must equal r
   * </pre>
   *
   * <p>A public-key derivation and a few HMACs cost about half a recovery, and no modular inverse is needed
   * (BigInteger's costs almost as much as a recovery). Should R not match r or s k match neither
   * {@code +-(z + r d)} (neither can happen unless the binding changed its nonce function), the ID is found the
   * old way: recover with ID 0 and compare with {@code publicKey}.
   */
  @Override
  public RecoverableSignature sign(byte[] hash, byte[] privateKey, byte[] publicKey) {
    BouncyCastleSecp256k1.checkHash(hash);
    if (!Secp256k1.isValidPrivateKey(privateKey)) {
      throw new IllegalArgumentException("not a secp256k1 private key");
    }
    byte[] compact = lib.sign(hash, privateKey);
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
    int recoveryId = recoveryIdFromNonce(hash, privateKey, r, s);
    if (recoveryId < 0) {
      recoveryId = recoveryIdByRecovery(hash, compact, publicKey);
    }
    return new RecoverableSignature(r, s, recoveryId);
  }

  /** The recovery ID of libsecp256k1's signature (r, s) from its nonce point {@code k G}; -1 if that fails. */
  int recoveryIdFromNonce(byte[] hash, byte[] privateKey, BigInteger r, BigInteger s) {
    BigInteger z = new BigInteger(1, hash).mod(N);
    BigInteger d = new BigInteger(1, privateKey);
    byte[] nonce = Rfc6979.nonce(privateKey, toBytes32(z), N);
    BigInteger k = new BigInteger(1, nonce);
    BigInteger e = z.add(r.multiply(d)).mod(N);
    BigInteger sk = s.multiply(k).mod(N);
    int negated;
    if (sk.equals(e)) {
      negated = 0;
    } else if (sk.add(e).equals(N)) {
      negated = 1;
    } else {
      return -1;
    }
    byte[] point;
    try {
      point = lib.pubkeyCreate(nonce);
    } catch (Secp256k1Exception | IllegalArgumentException notANonce) {
      return -1;
    }
    if (point.length != 65) {
      return -1;
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
    int parity = (point[64] & 1) ^ negated;
    if (x.equals(r)) {
      return parity;
    }
    if (x.subtract(N).equals(r)) {
      return 2 | parity;
    }
    return -1;
  }

  /** The recovery ID of a compact signature the slow way: recover with ID 0 and compare with the signer's key. */
  int recoveryIdByRecovery(byte[] hash, byte[] compact, byte[] publicKey) {
    byte[] recovered = lib.ecdsaRecover(compact, hash, 0);
    return Arrays.equals(recovered, 1, 65, publicKey, 0, 64) ? 0 : 1;
  }

  private static byte[] toBytes32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  @Override
  public Optional<byte[]> recover(byte[] hash, RecoverableSignature signature) {
    if (hash.length != 32 || signature.r().compareTo(N) >= 0 || signature.s().compareTo(HALF_N) > 0 || signature.recoveryId() > 1) {
      return Optional.empty();
    }
    try {
      byte[] pub = lib.ecdsaRecover(signature.compact(), hash, signature.recoveryId());
      return pub.length == 65 ? Optional.of(Arrays.copyOfRange(pub, 1, 65)) : Optional.empty();
    } catch (Secp256k1Exception | IllegalArgumentException invalid) {
      return Optional.empty();
    }
  }

  @Override
  public byte[] publicKey(byte[] privateKey) {
    if (!Secp256k1.isValidPrivateKey(privateKey)) {
      throw new IllegalArgumentException("not a secp256k1 private key");
    }
    byte[] pub = lib.pubkeyCreate(privateKey);
    if (pub.length == 33) {
      pub = lib.pubkeyParse(pub);
    }
    return Arrays.copyOfRange(pub, 1, 65);
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public String toString() {
    return "NativeSecp256k1";
  }
}
