// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import static network.perun.backend.eth.GoldenVectors.A;
import static network.perun.backend.eth.GoldenVectors.B;
import static network.perun.backend.eth.GoldenVectors.ETHER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import network.perun.api.Bytes;
import network.perun.api.Signature;
import network.perun.backend.eth.crypto.BouncyCastleSecp256k1;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.backend.eth.crypto.RecoverableSignature;
import network.perun.backend.eth.crypto.Secp256k1;
import org.junit.jupiter.api.Test;

/** The golden vectors of eth-backend-spec 1.7, matched by ethers, the deployed contract and web3j. */
class PerunAbiGoldenTest {
  private static final HexFormat HEX = HexFormat.of();
  private final EthWallet wallet = new EthWallet();
  private final EthAccount alice = wallet.addPrivateKey(GoldenVectors.KEY_A);
  private final EthAccount bob = wallet.addPrivateKey(GoldenVectors.KEY_B);
  private final EthChannelBackend channels = new EthBackend().channelBackend();

  @Test
  void devKeysGiveTheDocumentedAddresses() {
    assertEquals(A, alice.address());
    assertEquals(B, bob.address());
    assertEquals("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", EthAddress.checksummed(alice.address()));
  }

  @Test
  void channelId() {
    assertEquals(576, PerunAbi.encode(GoldenVectors.params()).length, "Params encoding size");
    assertEquals(GoldenVectors.CHANNEL_ID, channels.channelId(GoldenVectors.params()));
  }

  @Test
  void stateHashAndDigest() {
    byte[] encoded = PerunAbi.encode(GoldenVectors.state());
    assertEquals(832, encoded.length, "State encoding size");
    assertEquals(GoldenVectors.STATE_HASH, HEX.formatHex(PerunAbi.stateHash(GoldenVectors.state())));
    assertEquals(GoldenVectors.DIGEST, HEX.formatHex(EthSignatures.digest(encoded)));
  }

  @Test
  void stateSignaturesOfBothParties() {
    Signature sigA = channels.sign(alice, GoldenVectors.state());
    Signature sigB = channels.sign(bob, GoldenVectors.state());
    assertEquals(GoldenVectors.SIG_A, sigA.bytes().toHex());
    assertEquals(GoldenVectors.SIG_B, sigB.bytes().toHex());
    assertTrue(channels.verify(A, GoldenVectors.state(), new Signature(Bytes.fromHex(GoldenVectors.SIG_A))));
    assertTrue(channels.verify(B, GoldenVectors.state(), new Signature(Bytes.fromHex(GoldenVectors.SIG_B))));
  }

  @Test
  void bothSecp256k1ImplementationsSignTheGoldenVectorsIdentically() {
    byte[] digest = HEX.parseHex(GoldenVectors.DIGEST);
    byte[] key = HEX.parseHex(GoldenVectors.KEY_A);
    Secp256k1 java = new BouncyCastleSecp256k1();
    byte[] pub = java.publicKey(key);
    RecoverableSignature viaJava = java.sign(digest, key, pub);
    assertEquals(GoldenVectors.SIG_A, HEX.formatHex(viaJava.toBytes()), "BouncyCastle");
    RecoverableSignature viaChosen = Secp256k1.get().sign(digest, key, pub);
    assertEquals(GoldenVectors.SIG_A, HEX.formatHex(viaChosen.toBytes()), Secp256k1.get().name());
    assertEquals(EthAddress.ofPublicKey(pub), EthAddress.ofPublicKey(java.recover(digest, viaJava).orElseThrow()));
    assertEquals(EthAddress.ofPublicKey(pub), EthAddress.ofPublicKey(Secp256k1.get().recover(digest, viaJava).orElseThrow()));
  }

  @Test
  void fundingId() {
    assertEquals(GoldenVectors.FUNDING_ID_A, PerunAbi.fundingId(GoldenVectors.CHANNEL_ID, A).toHex());
  }

  @Test
  void withdrawalAuthHashAndSignature() {
    WithdrawalAuth auth = new WithdrawalAuth(GoldenVectors.CHANNEL_ID, A, PerunAbi.ZERO_CROSS_CHAIN, A, ETHER);
    byte[] encoded = PerunAbi.encode(auth);
    assertEquals(288, encoded.length, "WithdrawalAuth encoding size");
    assertEquals(GoldenVectors.AUTH_HASH, HEX.formatHex(Keccak.keccak256(encoded)));
    assertEquals(GoldenVectors.AUTH_SIG_A, alice.sign(encoded).bytes().toHex());
  }

  @Test
  void complexStateHash() {
    assertEquals(GoldenVectors.COMPLEX_STATE_HASH, HEX.formatHex(PerunAbi.stateHash(GoldenVectors.complexState())));
  }
}
