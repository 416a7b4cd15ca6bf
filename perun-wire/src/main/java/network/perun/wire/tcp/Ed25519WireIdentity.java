// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.security.SecureRandom;
import java.util.Objects;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 wire identity, the sim backend's scheme: backend ID {@value #BACKEND_ID}, the address is the 32-byte
 * public key, signatures are 64-byte pure Ed25519 (RFC 8032, no pre-hash) of the message.
 *
 * <pre>
 * address    [public key:32]      backend ID 0
 * signature  [R:32][S:32]         Ed25519 over the message itself
 * </pre>
 *
 * <p>The same key can be a sim account (the sim backend's {@code SimAccount#wireAddress()} has this form), so a
 * sim node can authenticate with its account key. The private key never leaves the object; {@link #toString()}
 * shows only the address. Verify with {@link Ed25519WireVerifier}. Thread-safe.
 */
public final class Ed25519WireIdentity implements WireIdentity {
  /** The backend ID of Ed25519 (sim) wire addresses. */
  public static final int BACKEND_ID = 0;
  /** The length of a private key seed and of an address. */
  public static final int KEY_LENGTH = 32;

  private final Ed25519PrivateKeyParameters privateKey;
  private final WireAddress address;

  private Ed25519WireIdentity(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.address = new WireAddress(BACKEND_ID, Bytes.wrap(privateKey.generatePublicKey().getEncoded()));
  }

  /**
   * The identity of a 32-byte Ed25519 private key (an RFC 8032 seed).
   *
   * @throws InvalidValueException unless {@code seed} is 32 bytes
   */
  public static Ed25519WireIdentity fromSeed(Bytes seed) {
    Objects.requireNonNull(seed, "seed");
    InvalidValueException.check(seed.length() == KEY_LENGTH, "an Ed25519 seed must be %d bytes, got %d", KEY_LENGTH, seed.length());
    return new Ed25519WireIdentity(new Ed25519PrivateKeyParameters(seed.toArray(), 0));
  }

  /** A fresh identity whose key comes from {@code random}. */
  public static Ed25519WireIdentity generate(SecureRandom random) {
    return new Ed25519WireIdentity(new Ed25519PrivateKeyParameters(random));
  }

  @Override
  public WireAddress address() {
    return address;
  }

  @Override
  public Bytes sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return Bytes.wrap(signer.generateSignature());
  }

  @Override
  public String toString() {
    return "Ed25519WireIdentity(" + address + ")";
  }
}
