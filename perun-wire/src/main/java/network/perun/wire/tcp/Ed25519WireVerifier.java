// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import network.perun.api.Bytes;
import network.perun.api.WireAddress;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks signatures of {@link Ed25519WireIdentity}: backend ID 0, a 32-byte public key as the address, 64-byte
 * pure Ed25519 signatures. Stateless and thread-safe.
 */
public final class Ed25519WireVerifier implements WireSignatureVerifier {
  /** The length of every signature. */
  public static final int SIGNATURE_LENGTH = 64;

  /**
   * Whether {@code signature} is the Ed25519 signature of {@code message} by {@code signer}; {@code false} for a
   * signer of another backend, of the wrong length or not on the curve, and for a signature of the wrong length.
   */
  @Override
  public boolean verify(WireAddress signer, byte[] message, Bytes signature) {
    if (signer.backendId() != Ed25519WireIdentity.BACKEND_ID || signer.bytes().length() != Ed25519WireIdentity.KEY_LENGTH
        || signature.length() != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519PublicKeyParameters key;
    try {
      key = new Ed25519PublicKeyParameters(signer.bytes().toArray(), 0);
    } catch (IllegalArgumentException e) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature.toArray());
  }

  @Override
  public String toString() {
    return "Ed25519WireVerifier";
  }
}
