// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.codec.PerunIo;
import network.perun.api.spi.Account;
import network.perun.api.spi.ChannelBackend;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The sim backend's channel IDs and state signatures.
 *
 * <pre>
 * channel ID       SHA-256(perunio(params))     every field, aux included
 * state signature  Ed25519(perunio(state))      see {@link SimWalletBackend}
 * </pre>
 *
 * <p>The perunio encodings are those of {@link PerunIo#encodeParams} and {@link PerunIo#encodeState}. Unlike
 * go-perun's sim backend, the channel ID commits to {@link Params#aux()} too (go-perun leaves aux out of the
 * hash, so two channels that differ only in aux share an ID there); sim channel IDs therefore differ from
 * go-perun's, which only matters for golden test vectors. Stateless and thread-safe.
 */
public final class SimChannelBackend implements ChannelBackend {
  private final SimWalletBackend walletBackend;

  SimChannelBackend(SimWalletBackend walletBackend) {
    this.walletBackend = walletBackend;
  }

  /** SHA-256 over the perunio encoding of every field of {@code params}, aux included. */
  @Override
  public ChannelId channelId(Params params) {
    byte[] encoded = PerunIo.encodeParams(params);
    SHA256Digest digest = new SHA256Digest();
    digest.update(encoded, 0, encoded.length);
    byte[] id = new byte[ChannelId.LENGTH];
    digest.doFinal(id, 0);
    return new ChannelId(Bytes.wrap(id));
  }

  /**
   * {@code account}'s Ed25519 signature of the perunio encoding of {@code state}.
   *
   * @throws InvalidValueException if {@code account} is not a sim account
   */
  @Override
  public Signature sign(Account account, State state) {
    Address address = account.address();
    InvalidValueException.check(address.backendId() == SimBackend.BACKEND_ID, "the sim backend cannot sign with account %s of backend %d", address, address.backendId());
    Signature signature = account.sign(PerunIo.encodeState(state));
    InvalidValueException.check(signature.bytes().length() == SimWalletBackend.SIGNATURE_LENGTH,
        "account %s made a %d-byte signature, the sim backend's are %d bytes", address, signature.bytes().length(), SimWalletBackend.SIGNATURE_LENGTH);
    return signature;
  }

  @Override
  public boolean verify(Address signer, State state, Signature signature) {
    return walletBackend.verify(PerunIo.encodeState(state), signature, signer);
  }

  @Override
  public String toString() {
    return "SimChannelBackend";
  }
}
