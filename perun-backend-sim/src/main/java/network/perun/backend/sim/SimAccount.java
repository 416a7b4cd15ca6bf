// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.Signature;
import network.perun.api.WireAddress;
import network.perun.api.spi.Account;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key of the sim backend; its address is the 32-byte public key.
 *
 * <p>The private key never leaves this object: no accessor returns it and {@link #toString()} shows only the
 * address. Accounts are made by {@link SimWallet}. Thread-safe.
 */
public final class SimAccount implements Account {
  private final Ed25519PrivateKeyParameters privateKey;
  private final Address address;

  /** The account of a 32-byte Ed25519 private key (RFC 8032 seed); the array is copied. */
  SimAccount(byte[] privateKey) {
    this.privateKey = new Ed25519PrivateKeyParameters(privateKey, 0);
    this.address = new Address(SimBackend.BACKEND_ID, Bytes.wrap(this.privateKey.generatePublicKey().getEncoded()));
  }

  @Override
  public Address address() {
    return address;
  }

  /** This key as a sim wire identity: backend 0 and the same 32-byte public key. */
  public WireAddress wireAddress() {
    return new WireAddress(SimBackend.BACKEND_ID, address.bytes());
  }

  /** The 64-byte Ed25519 signature of {@code data}. */
  @Override
  public Signature sign(byte[] data) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(data, 0, data.length);
    return new Signature(Bytes.wrap(signer.generateSignature()));
  }

  @Override
  public String toString() {
    return "SimAccount(" + address + ")";
  }
}
