// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.codec.PerunIo;
import network.perun.api.spi.Account;
import network.perun.api.spi.ChannelBackend;

/**
 * A deterministic test backend: Ed25519 keys from the JDK, addresses are the X.509-encoded public keys, a state
 * is signed over its perunio encoding, and the channel ID is SHA-256 over the perunio encoding of the params.
 *
 * <p>It counts {@link #sign} calls so tests can tell a cached signature from a fresh one.
 */
final class TestChannelBackend implements ChannelBackend {
  static final int BACKEND_ID = 0;

  private int signCalls;

  /** An Ed25519 account whose key is derived from {@code seed} alone. */
  static TestAccount account(long seed) {
    try {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(seed);
      KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
      gen.initialize(NamedParameterSpec.ED25519, seeded);
      KeyPair pair = gen.generateKeyPair();
      return new TestAccount(new Address(BACKEND_ID, Bytes.of(pair.getPublic().getEncoded())), pair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("the JDK must provide Ed25519 and SHA1PRNG", e);
    }
  }

  int signCalls() {
    return signCalls;
  }

  @Override
  public ChannelId channelId(Params params) {
    try {
      return ChannelId.of(MessageDigest.getInstance("SHA-256").digest(PerunIo.encodeParams(params)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("the JDK must provide SHA-256", e);
    }
  }

  @Override
  public Signature sign(Account account, State state) {
    signCalls++;
    return account.sign(PerunIo.encodeState(state));
  }

  @Override
  public boolean verify(Address signer, State state, Signature signature) {
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(signer.bytes().toArray()));
      java.security.Signature v = java.security.Signature.getInstance("Ed25519");
      v.initVerify(key);
      v.update(PerunIo.encodeState(state));
      return v.verify(signature.bytes().toArray());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** An account holding an Ed25519 private key. */
  record TestAccount(Address address, PrivateKey key) implements Account {
    @Override
    public Signature sign(byte[] data) {
      try {
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(data);
        return Signature.of(s.sign());
      } catch (GeneralSecurityException e) {
        throw new AssertionError("Ed25519 signing failed", e);
      }
    }
  }
}
