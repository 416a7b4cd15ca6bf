// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.List;
import network.perun.api.Address;
import network.perun.api.InvalidValueException;
import network.perun.api.WireAddress;
import org.junit.jupiter.api.Test;

class SimWalletTest {
  private static final byte[] MESSAGE = "perun sim wallet".getBytes(StandardCharsets.UTF_8);

  /**
   * The public key of account 0 of seed 0 (SHA-256 of 16 zero bytes as the Ed25519 private key), checked with
   * another Ed25519 implementation. Changing the derivation changes every test wallet's addresses.
   */
  private static final String GOLDEN_SEED_ZERO_ACCOUNT_ZERO = "bfb8cfa9a9e3a6336cb5cf6a51dc1953fbd34aefe826383b4916cd37c4cc4629";

  @Test
  void theSameSeedDerivesTheSameAccountsInTheSameOrder() {
    SimWallet a = SimWallet.fromSeed(42);
    SimWallet b = SimWallet.fromSeed(42);
    for (int i = 0; i < 5; i++) {
      assertEquals(a.newAccount().address(), b.newAccount().address(), "account " + i);
    }
    assertEquals(a.addresses(), b.addresses());
    assertEquals(5, a.size());
    assertEquals(5, a.addresses().stream().distinct().count(), a.addresses().toString());
  }

  @Test
  void otherSeedsDeriveOtherAccounts() {
    assertNotEquals(SimWallet.fromSeed(42).newAccount().address(), SimWallet.fromSeed(43).newAccount().address());
  }

  @Test
  void aLongSeedIsItsEightBigEndianBytes() {
    byte[] bytes = ByteBuffer.allocate(8).putLong(0x0102030405060708L).array();
    assertEquals(SimWallet.fromSeed(0x0102030405060708L).newAccount().address(), SimWallet.fromSeed(bytes).newAccount().address());
  }

  @Test
  void theSeedArrayIsCopied() {
    byte[] seed = {1, 2, 3};
    SimWallet wallet = SimWallet.fromSeed(seed);
    seed[0] = 9;
    assertEquals(SimWallet.fromSeed(new byte[] {1, 2, 3}).newAccount().address(), wallet.newAccount().address());
  }

  /**
   * Account i's key is SHA-256(seed || i as 8 big-endian bytes) used as an RFC 8032 Ed25519 private key: the
   * JDK's own Ed25519, from a key derived here, makes the very same (deterministic) signature.
   */
  @Test
  void accountKeysAreSha256OfSeedAndIndexAndSignLikeTheJdksEd25519() throws GeneralSecurityException {
    byte[] seed = {7, 7, 7};
    SimWallet wallet = SimWallet.fromSeed(seed);
    for (long i = 0; i < 3; i++) {
      SimAccount account = wallet.newAccount();
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(seed);
      sha256.update(ByteBuffer.allocate(8).putLong(i).array());
      PrivateKey jdkKey = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, sha256.digest()));
      java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
      jdk.initSign(jdkKey);
      jdk.update(MESSAGE);
      assertArrayEquals(jdk.sign(), account.sign(MESSAGE).bytes().toArray(), "signature of account " + i);
    }
  }

  @Test
  void theFirstAccountOfSeedZeroIsPinned() {
    Address address = SimWallet.fromSeed(0).newAccount().address();
    assertEquals(0, address.backendId());
    assertEquals(SimWalletBackend.ADDRESS_LENGTH, address.bytes().length());
    assertEquals(GOLDEN_SEED_ZERO_ACCOUNT_ZERO, address.bytes().toHex());
  }

  @Test
  void accountsNeverShowTheirPrivateKey() throws GeneralSecurityException {
    SimAccount account = SimWallet.fromSeed(1).newAccount();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(ByteBuffer.allocate(8).putLong(1).array());
    sha256.update(ByteBuffer.allocate(8).putLong(0).array());
    String privateHex = HexFormat.of().formatHex(sha256.digest());
    assertEquals("SimAccount(" + account.address() + ")", account.toString());
    assertFalse(account.toString().contains(privateHex.substring(0, 16)));
    assertFalse(SimWallet.fromSeed(1).toString().contains("0000000000000001"));
  }

  @Test
  void aWireIdentityIsTheSameKey() {
    SimAccount account = SimWallet.fromSeed(3).newAccount();
    WireAddress wire = account.wireAddress();
    assertEquals(new WireAddress(0, account.address().bytes()), wire);
    assertTrue(new SimWalletBackend().verify(MESSAGE, account.sign(MESSAGE), wire));
    assertFalse(new SimWalletBackend().verify(MESSAGE, account.sign(MESSAGE), new WireAddress(1, wire.bytes())));
    assertEquals(wire, new SimWalletBackend().wireAddress(wire.bytes()));
  }

  @Test
  void anEmptySeedIsRejected() {
    assertThrows(InvalidValueException.class, () -> SimWallet.fromSeed(new byte[0]));
  }

  @Test
  void addressesAreInDerivationOrder() {
    SimWallet wallet = SimWallet.fromSeed(5);
    Address first = wallet.newAccount().address();
    Address second = wallet.newAccount().address();
    assertEquals(List.of(first, second), wallet.addresses());
  }
}
