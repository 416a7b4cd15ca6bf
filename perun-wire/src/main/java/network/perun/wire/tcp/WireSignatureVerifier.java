// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.util.Map;
import network.perun.api.Bytes;
import network.perun.api.WireAddress;

/**
 * A check that a signature was made by the key behind a {@link WireAddress}: the counterpart of
 * {@link WireIdentity#sign(byte[])}.
 *
 * <p>Implementations return {@code false}, never throw, for a wrong signer, a corrupted signature, a signature of
 * the wrong length or an address of another scheme. They are thread-safe.
 */
@FunctionalInterface
public interface WireSignatureVerifier {
  /** Whether {@code signature} is {@code signer}'s signature of {@code message}. */
  boolean verify(WireAddress signer, byte[] message, Bytes signature);

  /**
   * A verifier that hands each signer to the verifier of its backend ID and rejects signers of any other
   * backend: how a node accepts peers of several identity schemes.
   */
  static WireSignatureVerifier byBackend(Map<Integer, WireSignatureVerifier> verifiers) {
    Map<Integer, WireSignatureVerifier> copy = Map.copyOf(verifiers);
    return (signer, message, signature) -> {
      WireSignatureVerifier v = copy.get(signer.backendId());
      return v != null && v.verify(signer, message, signature);
    };
  }
}
