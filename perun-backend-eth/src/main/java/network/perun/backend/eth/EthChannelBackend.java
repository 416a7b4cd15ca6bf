// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import network.perun.api.Address;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.spi.Account;
import network.perun.api.spi.ChannelBackend;

/**
 * The Ethereum backend's channel IDs and state signatures, identical to what the Perun contracts compute.
 *
 * <pre>
 * channel ID       keccak256(abi.encode(Params))                                    see {@link PerunAbi}
 * state signature  secp256k1(EIP-191(keccak256(abi.encode(State)))), 65 bytes      see {@link EthSignatures}
 * </pre>
 *
 * <p>Two fields are outside the contract's structs: {@link Params#aux()} must be zero (a non-zero aux is
 * refused with {@link InvalidValueException}), and {@link State#app()} is bound only through the channel ID,
 * which commits to {@link Params#app()}. Stateless and thread-safe.
 */
public final class EthChannelBackend implements ChannelBackend {
  /**
   * {@code keccak256(abi.encode(params))}.
   *
   * @throws InvalidValueException for a non-zero aux, a participant that is not an Ethereum address, or an app ID
   *     that is not a 20-byte address
   */
  @Override
  public ChannelId channelId(Params params) {
    return PerunAbi.channelId(params);
  }

  /**
   * {@code account}'s signature of {@code state}.
   *
   * @throws InvalidValueException if {@code account} is not an Ethereum account or the state does not fit the
   *     contract's types
   */
  @Override
  public Signature sign(Account account, State state) {
    Address address = account.address();
    InvalidValueException.check(EthAddress.isEth(address), "the Ethereum backend cannot sign with account %s", address);
    Signature signature = account.sign(PerunAbi.encode(state));
    InvalidValueException.check(signature.bytes().length() == EthSignatures.LENGTH,
        "account %s made a %d-byte signature, the Ethereum backend's are %d bytes", address, signature.bytes().length(), EthSignatures.LENGTH);
    return signature;
  }

  /** Whether {@code signature} is {@code signer}'s signature of {@code state}; false for anything malformed. */
  @Override
  public boolean verify(Address signer, State state, Signature signature) {
    byte[] encoded;
    try {
      encoded = PerunAbi.encode(state);
    } catch (InvalidValueException notEncodable) {
      return false;
    }
    return EthSignatures.verify(encoded, signature, signer);
  }

  @Override
  public String toString() {
    return "EthChannelBackend";
  }
}
