// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deterministic ECDSA nonce of RFC 6979 section 3.2 with HMAC-SHA256, as libsecp256k1's default nonce
 * function derives it (no extra data): the key material is the private key and the message reduced mod n.
 *
 * <pre>
 * V = 0x01 * 32, K = 0x00 * 32
 * K = HMAC_K(V || 0x00 || d || z)      V = HMAC_K(V)
 * K = HMAC_K(V || 0x01 || d || z)      V = HMAC_K(V)
 * loop: V = HMAC_K(V); k = V; done if 0 &lt; k &lt; n; else K = HMAC_K(V || 0x00), V = HMAC_K(V)
 * </pre>
 *
 * <p>Thread-safe: HMAC instances are taken from and returned to a shared pool.
 */
final class Rfc6979 {
  private static final ConcurrentLinkedQueue<Mac> POOL = new ConcurrentLinkedQueue<>();
  private static final int POOL_LIMIT = 64;

  private Rfc6979() {}

  /** The 32-byte nonce for private key {@code d} and message {@code z} (both 32 bytes, z already mod n). */
  static byte[] nonce(byte[] d, byte[] z, BigInteger n) {
    Mac mac = POOL.poll();
    try {
      if (mac == null) {
        mac = Mac.getInstance("HmacSHA256");
      }
      byte[] v = new byte[32];
      Arrays.fill(v, (byte) 1);
      byte[] k = new byte[32];
      k = hmac(mac, k, v, (byte) 0, d, z);
      v = hmac(mac, k, v);
      k = hmac(mac, k, v, (byte) 1, d, z);
      v = hmac(mac, k, v);
      while (true) {
        v = mac.doFinal(v); // the key is still k
        BigInteger candidate = new BigInteger(1, v);
        if (candidate.signum() > 0 && candidate.compareTo(n) < 0) {
          return v;
        }
        k = hmac(mac, k, v, (byte) 0);
        v = hmac(mac, k, v);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
    } finally {
      if (mac != null && POOL.size() < POOL_LIMIT) {
        POOL.offer(mac);
      }
    }
  }

  private static byte[] hmac(Mac mac, byte[] key, byte[] v) throws InvalidKeyException {
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(v);
  }

  private static byte[] hmac(Mac mac, byte[] key, byte[] v, byte separator, byte[]... material) throws InvalidKeyException {
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(v);
    mac.update(separator);
    for (byte[] m : material) {
      mac.update(m);
    }
    return mac.doFinal();
  }
}
