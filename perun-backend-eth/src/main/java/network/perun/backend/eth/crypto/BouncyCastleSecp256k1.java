// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 in pure Java on BouncyCastle's curve arithmetic: RFC 6979 nonces (HMAC-SHA256), low-s, and the
 * recovery ID read off the nonce point while signing, so no trial recovery is needed.
 *
 * <pre>
 * k = RFC6979(d, hash);  R = k*G;  r = R.x mod n;  s = k^-1 (hash + r*d) mod n
 * recoveryId = (R.y odd ? 1 : 0) | (R.x >= n ? 2 : 0);  if s > n/2 then s = n - s, recoveryId ^= 1
 * recover:  Q = r^-1 (s*R - hash*G)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class BouncyCastleSecp256k1 implements Secp256k1 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();
  private static final BigInteger P = CURVE.getField().getCharacteristic();
  private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

  @Override
  public RecoverableSignature sign(byte[] hash, byte[] privateKey, byte[] publicKey) {
    checkHash(hash);
    if (!Secp256k1.isValidPrivateKey(privateKey)) {
      throw new IllegalArgumentException("not a secp256k1 private key");
    }
    BigInteger d = new BigInteger(1, privateKey);
    BigInteger e = new BigInteger(1, hash);
    HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
    nonces.init(N, d, hash);
    while (true) {
      BigInteger k = nonces.nextK();
      ECPoint point = MULTIPLIER.multiply(G, k).normalize();
      BigInteger x = point.getAffineXCoord().toBigInteger();
      BigInteger r = x.mod(N);
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s = k.modInverse(N).multiply(e.add(d.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      int recoveryId = (point.getAffineYCoord().testBitZero() ? 1 : 0) | (x.compareTo(N) >= 0 ? 2 : 0);
      if (s.compareTo(HALF_N) > 0) {
        s = N.subtract(s);
        recoveryId ^= 1;
      }
      return new RecoverableSignature(r, s, recoveryId);
    }
  }

  @Override
  public Optional<byte[]> recover(byte[] hash, RecoverableSignature signature) {
    if (hash.length != 32) {
      return Optional.empty();
    }
    BigInteger r = signature.r();
    BigInteger s = signature.s();
    if (r.compareTo(N) >= 0 || s.compareTo(HALF_N) > 0) {
      return Optional.empty();
    }
    BigInteger x = (signature.recoveryId() & 2) != 0 ? r.add(N) : r;
    if (x.compareTo(P) >= 0) {
      return Optional.empty();
    }
    ECPoint point;
    try {
      byte[] compressed = new byte[33];
      compressed[0] = (byte) ((signature.recoveryId() & 1) != 0 ? 0x03 : 0x02);
      RecoverableSignature.writeWord(x, compressed, 1);
      point = CURVE.decodePoint(compressed);
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
    BigInteger rInv = r.modInverse(N);
    BigInteger e = new BigInteger(1, hash);
    BigInteger a = N.subtract(e.mod(N)).multiply(rInv).mod(N);
    BigInteger b = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(G, a, point, b).normalize();
    if (q.isInfinity()) {
      return Optional.empty();
    }
    return Optional.of(uncompressed(q));
  }

  @Override
  public byte[] publicKey(byte[] privateKey) {
    if (!Secp256k1.isValidPrivateKey(privateKey)) {
      throw new IllegalArgumentException("not a secp256k1 private key");
    }
    return uncompressed(MULTIPLIER.multiply(G, new BigInteger(1, privateKey)).normalize());
  }

  @Override
  public String name() {
    return "bouncycastle";
  }

  private static byte[] uncompressed(ECPoint point) {
    byte[] encoded = point.getEncoded(false);
    byte[] out = new byte[64];
    System.arraycopy(encoded, 1, out, 0, 64);
    return out;
  }

  static void checkHash(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("secp256k1 signs 32-byte hashes, got " + hash.length + " bytes");
    }
  }

  @Override
  public String toString() {
    return "BouncyCastleSecp256k1";
  }
}
