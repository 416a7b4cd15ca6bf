// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.Signature;
import network.perun.api.WireAddress;
import network.perun.api.spi.WalletBackend;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The sim backend's signature scheme: Ed25519 (RFC 8032, pure, no context) through BouncyCastle.
 *
 * <pre>
 * address    [public key:32]            backend ID 0
 * signature  [R:32][S:32]               Ed25519 over the message itself (no pre-hash)
 * </pre>
 *
 * <p>Sim wire identities use the same keys: a {@link WireAddress} of backend 0 holding the 32-byte public key
 * ({@link SimAccount#wireAddress()}, {@link #verify(byte[], Signature, WireAddress)}). go-perun's sim backend
 * uses ECDSA P-256 instead; the sim backend only has to agree with itself. Stateless and thread-safe.
 */
public final class SimWalletBackend implements WalletBackend {
  /** The length of an address: an Ed25519 public key. */
  public static final int ADDRESS_LENGTH = 32;

  /** The length of every signature. */
  public static final int SIGNATURE_LENGTH = 64;

  @Override
  public int signatureSize() {
    return SIGNATURE_LENGTH;
  }

  /**
   * Whether {@code signature} is {@code signer}'s Ed25519 signature of {@code data}; {@code false}, never an
   * exception, for a wrong signer, a corrupted signature, one of the wrong length, or a signer of another backend,
   * of the wrong length or not on the curve.
   */
  @Override
  public boolean verify(byte[] data, Signature signature, Address signer) {
    return signer.backendId() == SimBackend.BACKEND_ID && verifyKey(data, signature, signer.bytes());
  }

  /** Like {@link #verify(byte[], Signature, Address)} for a sim wire identity. */
  public boolean verify(byte[] data, Signature signature, WireAddress signer) {
    return signer.backendId() == SimBackend.BACKEND_ID && verifyKey(data, signature, signer.bytes());
  }

  /**
   * The sim address with these bytes.
   *
   * @throws InvalidValueException unless {@code bytes} are an Ed25519 public key: 32 bytes encoding a curve point
   */
  @Override
  public Address address(Bytes bytes) {
    checkPublicKey(bytes, "sim address");
    return new Address(SimBackend.BACKEND_ID, bytes);
  }

  /**
   * The sim wire identity with these bytes.
   *
   * @throws InvalidValueException unless {@code bytes} are an Ed25519 public key: 32 bytes encoding a curve point
   */
  public WireAddress wireAddress(Bytes bytes) {
    checkPublicKey(bytes, "sim wire address");
    return new WireAddress(SimBackend.BACKEND_ID, bytes);
  }

  private static void checkPublicKey(Bytes bytes, String what) {
    InvalidValueException.check(bytes.length() == ADDRESS_LENGTH, "%s must be %d bytes, got %d: %s", what, ADDRESS_LENGTH, bytes.length(), bytes);
    InvalidValueException.check(publicKey(bytes) != null, "%s is not an Ed25519 public key: %s", what, bytes);
  }

  private static boolean verifyKey(byte[] data, Signature signature, Bytes key) {
    if (key.length() != ADDRESS_LENGTH || signature.bytes().length() != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519PublicKeyParameters publicKey = publicKey(key);
    if (publicKey == null) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, publicKey);
    verifier.update(data, 0, data.length);
    return verifier.verifySignature(signature.bytes().toArray());
  }

  /** The public key, or null if the 32 bytes are not a point on the curve. */
  private static Ed25519PublicKeyParameters publicKey(Bytes key) {
    try {
      return new Ed25519PublicKeyParameters(key.toArray(), 0);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "SimWalletBackend(Ed25519)";
  }
}
