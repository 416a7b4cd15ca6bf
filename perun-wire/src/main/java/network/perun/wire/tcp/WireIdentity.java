// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import network.perun.api.Bytes;
import network.perun.api.WireAddress;

/**
 * A node's wire identity key: the key that proves, in the connection handshake, that a peer is the owner of its
 * {@link WireAddress}.
 *
 * <p>The private key stays inside the implementation. {@link Ed25519WireIdentity} is the sim backend's scheme;
 * other schemes (secp256k1 for Ethereum) plug in by implementing this interface and a matching
 * {@link WireSignatureVerifier}. Implementations are thread-safe.
 */
public interface WireIdentity {
  /** The address peers know this node by. */
  WireAddress address();

  /** The signature of {@code message} with this identity's key; {@link WireSignatureVerifier} checks it. */
  Bytes sign(byte[] message);
}
