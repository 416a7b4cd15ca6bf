// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import network.perun.api.InvalidValueException;
import network.perun.api.PerunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EthWalletTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir
  Path dir;

  @Test
  void rawKeysGiveTheirAddressesInInsertionOrder() {
    EthWallet wallet = new EthWallet();
    EthAccount b = wallet.addPrivateKey("0x" + GoldenVectors.KEY_B);
    EthAccount a = wallet.addPrivateKey(GoldenVectors.KEY_A);
    assertEquals(GoldenVectors.B, b.address());
    assertEquals(List.of(GoldenVectors.B, GoldenVectors.A), wallet.addresses());
    assertSame(a, wallet.addPrivateKey(GoldenVectors.KEY_A), "adding a key twice keeps one account");
    assertEquals(2, wallet.addresses().size());
  }

  @Test
  void invalidKeysAreRefusedWithoutShowingThem() {
    EthWallet wallet = new EthWallet();
    String zero = "00".repeat(32);
    String order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    for (String bad : List.of(zero, order, "abcd", "zz" + "00".repeat(31))) {
      InvalidValueException e = assertThrows(InvalidValueException.class, () -> wallet.addPrivateKey(bad), bad);
      assertFalse(e.getMessage().contains(bad), "message shows the key: " + e.getMessage());
    }
    assertTrue(wallet.addresses().isEmpty());
  }

  @Test
  void noKeyInToString() {
    EthWallet wallet = new EthWallet();
    EthAccount account = wallet.addPrivateKey(GoldenVectors.KEY_A);
    String text = account + " " + wallet;
    assertFalse(text.toLowerCase().contains(GoldenVectors.KEY_A.substring(0, 16)), text);
    assertTrue(account.toString().contains("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), account.toString());
  }

  @Test
  void keystoreRoundTripAndWrongPassword() throws IOException {
    byte[] key = HEX.parseHex(GoldenVectors.KEY_A);
    Path file = dir.resolve("a.json");
    Files.writeString(file, Keystore.encrypt(key, "correct horse".toCharArray(), 1 << 10, new java.util.SplittableRandom(1)));
    assertArrayEquals(key, Keystore.decrypt(file, "correct horse".toCharArray()));
    EthWallet wallet = new EthWallet();
    assertEquals(GoldenVectors.A, wallet.addKeystore(file, "correct horse".toCharArray()).address());
    PerunException wrong = assertThrows(PerunException.class, () -> new EthWallet().addKeystore(file, "wrong".toCharArray()));
    assertTrue(wrong.getMessage().contains("wrong password"), wrong.getMessage());
    assertTrue(wrong.getMessage().contains(file.toString()), wrong.getMessage());
  }

  /** The PBKDF2 test vector of the Web3 Secret Storage definition (password "testpassword"). */
  @Test
  void web3SecretStoragePbkdf2Vector() throws IOException {
    Path file = dir.resolve("pbkdf2.json");
    Files.writeString(file, """
        {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
         "ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
         "kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
         "mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
         "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
        """);
    assertEquals("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d",
        HEX.formatHex(Keystore.decrypt(file, "testpassword".toCharArray())));
  }

  @Test
  void malformedKeystoresAreRefusedWithTheFileName() throws IOException {
    for (String json : List.of("{}", "not json", "{\"version\":3,\"crypto\":{\"cipher\":\"aes-128-cbc\"}}",
        "{\"version\":3,\"crypto\":{\"cipher\":\"aes-128-ctr\",\"cipherparams\":{\"iv\":\"00\"},\"ciphertext\":\"00\",\"mac\":\"00\",\"kdf\":\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":1073741824,\"r\":8,\"p\":1,\"salt\":\"00\"}}}")) {
      Path file = dir.resolve("bad.json");
      Files.writeString(file, json);
      PerunException e = assertThrows(PerunException.class, () -> Keystore.decrypt(file, "x".toCharArray()), json);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
