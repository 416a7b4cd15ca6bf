// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.Signature;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.backend.eth.crypto.RecoverableSignature;
import network.perun.backend.eth.crypto.Secp256k1;

/**
 * The Perun Ethereum signature scheme, exactly as strict as the contracts (OpenZeppelin ECDSA).
 *
 * <pre>
 * digest     = keccak256("\x19Ethereum Signed Message:\n32" || keccak256(data))
 * signature  = [r:32][s:32][v:1]      secp256k1 over digest, v = 27 or 28, s &lt;= n/2
 * valid      iff the key recovered from (digest, signature) hashes to the signer's address
 * </pre>
 *
 * <p>v = 0/1, a high s and any length other than 65 are rejected, as the chain rejects them. Stateless.
 */
public final class EthSignatures {
  /** The length of every signature. */
  public static final int LENGTH = RecoverableSignature.LENGTH;

  private EthSignatures() {}

  /** The digest that is signed for {@code data}: the EIP-191 hash of {@code keccak256(data)}. */
  public static byte[] digest(byte[] data) {
    return Keccak.ethSignedMessageHash(Keccak.keccak256(data));
  }

  /** A signature in its 65-byte form. */
  public static Signature toSignature(RecoverableSignature signature) {
    return new Signature(Bytes.wrap(signature.toBytes()));
  }

  /** The parts of a 65-byte signature with v = 27/28 and 0 &lt; r, s &lt; n, s &lt;= n/2; empty otherwise. */
  public static Optional<RecoverableSignature> parse(Signature signature) {
    Bytes b = signature.bytes();
    if (b.length() != LENGTH) {
      return Optional.empty();
    }
    int v = b.get(64) & 0xff;
    if (v != 27 && v != 28) {
      return Optional.empty();
    }
    byte[] raw = b.toArray();
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, 32, 64));
    if (r.signum() == 0 || r.compareTo(Secp256k1.N) >= 0 || s.signum() == 0 || s.compareTo(Secp256k1.HALF_N) > 0) {
      return Optional.empty();
    }
    return Optional.of(new RecoverableSignature(r, s, v - 27));
  }

  /** The address whose key made {@code signature} over the 32-byte {@code digest}; empty for an invalid one. */
  public static Optional<Address> recover(byte[] digest, Signature signature) {
    return parse(signature).flatMap(sig -> Secp256k1.get().recover(digest, sig)).map(EthAddress::ofPublicKey);
  }

  /**
   * Whether {@code signature} is {@code signer}'s signature of {@code data} (see the type's description); false,
   * never an exception, for anything malformed.
   */
  public static boolean verify(byte[] data, Signature signature, Address signer) {
    if (!EthAddress.isEth(signer)) {
      return false;
    }
    return recover(digest(data), signature).map(signer::equals).orElse(false);
  }
}
