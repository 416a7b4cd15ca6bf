// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.Signature;
import network.perun.api.spi.Account;
import network.perun.api.spi.UnknownAccountException;
import network.perun.api.spi.Wallet;
import network.perun.api.spi.WalletBackend;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of a {@link Wallet} and its {@link WalletBackend} (go-perun's {@code wallet/test}):
 * signatures verify for their signer only, any damage to a signature is detected, signatures have one size
 * (also when signed from several threads at once), addresses round-trip and accounts are found by address.
 *
 * <p>Extend it with the two factories; every random value comes from {@link #SEED}, printed in each failure:
 *
 * <pre>{@code
 * class AcmeWalletConformanceTest extends WalletConformanceTest {
 *   protected WalletBackend walletBackend() { return new AcmeWalletBackend(); }
 *   protected Wallet wallet() { AcmeWallet w = AcmeWallet.fromSeed(7); w.newAccount(); w.newAccount(); return w; }
 * }
 * }</pre>
 */
public abstract class WalletConformanceTest {
  /** The seed of every random value in this suite. */
  public static final long SEED = 1337;

  /** How many signatures the signature-size tests make. */
  private static final int SIGNATURES = 2048;

  private static final int THREADS = 4;

  private WalletBackend backend;
  private Wallet wallet;
  private List<Address> addresses;
  private RandomValues rnd;

  /** The wallet backend under test; called once before each test. */
  protected abstract WalletBackend walletBackend();

  /** A new wallet holding at least two accounts; called once before each test. */
  protected abstract Wallet wallet();

  @BeforeEach
  void createWallet() {
    backend = walletBackend();
    wallet = wallet();
    addresses = wallet.addresses();
    rnd = new RandomValues(SEED);
    assertTrue(addresses.size() >= 2, "the suite needs a wallet with at least two accounts, got " + addresses);
  }

  // ---- signatures ----

  @Test
  public void everyAccountSignsAndItsSignatureVerifies() {
    for (Address address : addresses) {
      Account account = wallet.account(address);
      assertEquals(address, account.address(), "the account found for an address has another address");
      for (int len : new int[] {0, 1, 32, 1000}) {
        byte[] data = rnd.bytes(len).toArray();
        Signature signature = account.sign(data);
        assertTrue(backend.verify(data, signature, address), seeded("signature of " + len + " bytes by " + address + " does not verify"));
      }
    }
  }

  @Test
  public void verifyFailsForAnotherSigner() {
    byte[] data = rnd.bytes(64).toArray();
    Signature signature = wallet.account(addresses.get(0)).sign(data);
    assertFalse(backend.verify(data, signature, addresses.get(1)), seeded("a signature by " + addresses.get(0) + " verifies for " + addresses.get(1)));
  }

  @Test
  public void verifyFailsForOtherData() {
    byte[] data = rnd.bytes(64).toArray();
    Signature signature = wallet.account(addresses.get(0)).sign(data);
    for (int i = 0; i < data.length; i += 7) {
      byte[] other = data.clone();
      other[i] ^= 0x10;
      assertFalse(backend.verify(other, signature, addresses.get(0)), seeded("signature verifies for data changed at byte " + i));
    }
    assertFalse(backend.verify(new byte[0], signature, addresses.get(0)), seeded("signature of 64 bytes verifies for empty data"));
  }

  @Test
  public void verifyFailsForASignerOfAnotherBackendOrLength() {
    byte[] data = rnd.bytes(64).toArray();
    Address signer = addresses.get(0);
    Signature signature = wallet.account(signer).sign(data);
    Bytes key = signer.bytes();
    byte[] longer = new byte[key.length() + 1];
    key.copyTo(longer, 0);
    List<Address> wrong = new ArrayList<>();
    wrong.add(new Address(signer.backendId() + 1, key));
    wrong.add(new Address(signer.backendId(), Bytes.wrap(longer)));
    if (key.length() > 1) {
      wrong.add(new Address(signer.backendId(), Bytes.of(key.toArray(), 0, key.length() - 1)));
    }
    for (Address address : wrong) {
      assertFalse(backend.verify(data, signature, address), seeded("signature by " + signer + " verifies for " + address));
    }
  }

  @Test
  public void verifyFailsForACorruptedSignature() {
    byte[] data = rnd.bytes(64).toArray();
    Address signer = addresses.get(0);
    byte[] good = wallet.account(signer).sign(data).bytes().toArray();
    for (int i = 0; i < good.length; i++) {
      for (int bit : new int[] {0, 7}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << (bit + i) % 8);
        assertFalse(backend.verify(data, Signature.of(bad), signer), seeded("signature with byte " + i + " corrupted still verifies"));
      }
    }
  }

  @Test
  public void verifyFailsForATruncatedOrExtendedSignature() {
    byte[] data = rnd.bytes(64).toArray();
    Address signer = addresses.get(0);
    Bytes good = wallet.account(signer).sign(data).bytes();
    List<Bytes> damaged = new ArrayList<>();
    damaged.add(Bytes.of(good.toArray(), 0, good.length() - 1));
    damaged.add(Bytes.of(good.toArray(), 0, good.length() / 2));
    damaged.add(Bytes.of(good.toArray(), 0, 1));
    byte[] extended = new byte[good.length() + 1];
    good.copyTo(extended, 0);
    damaged.add(Bytes.wrap(extended));
    byte[] doubled = new byte[good.length() * 2];
    good.copyTo(doubled, 0);
    good.copyTo(doubled, good.length());
    damaged.add(Bytes.wrap(doubled));
    for (Bytes bad : damaged) {
      assertFalse(backend.verify(data, new Signature(bad), signer), seeded("a " + bad.length() + "-byte signature verifies; the good one has " + good.length()));
    }
  }

  @Test
  public void signaturesHaveOneSize() {
    int size = backend.signatureSize();
    assertTrue(size > 0, "signature size must be positive, got " + size);
    for (int i = 0; i < SIGNATURES; i++) {
      Account account = wallet.account(addresses.get(i % addresses.size()));
      byte[] data = rnd.bytes(rnd.between(0, 100)).toArray();
      assertEquals(size, account.sign(data).bytes().length(), seeded("size of signature " + i));
    }
  }

  @Test
  public void signaturesMadeInParallelHaveOneSizeAndVerify() throws InterruptedException, ExecutionException {
    int size = backend.signatureSize();
    Account account = wallet.account(addresses.get(0));
    List<byte[]> messages = new ArrayList<>(SIGNATURES);
    for (int i = 0; i < SIGNATURES; i++) {
      messages.add(rnd.bytes(rnd.between(0, 100)).toArray());
    }
    List<Future<List<Signature>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (int t = 0; t < THREADS; t++) {
        List<byte[]> share = messages.subList(t * SIGNATURES / THREADS, (t + 1) * SIGNATURES / THREADS);
        results.add(pool.submit(() -> {
          List<Signature> signatures = new ArrayList<>(share.size());
          for (byte[] message : share) {
            signatures.add(account.sign(message));
          }
          return signatures;
        }));
      }
    }
    List<Signature> signatures = new ArrayList<>(SIGNATURES);
    for (Future<List<Signature>> result : results) {
      signatures.addAll(result.get());
    }
    assertEquals(SIGNATURES, signatures.size());
    for (int i = 0; i < SIGNATURES; i++) {
      assertEquals(size, signatures.get(i).bytes().length(), seeded("size of parallel signature " + i));
    }
    for (int i = 0; i < SIGNATURES; i += 8) {
      assertTrue(backend.verify(messages.get(i), signatures.get(i), account.address()), seeded("parallel signature " + i + " does not verify"));
    }
  }

  // ---- addresses and accounts ----

  @Test
  public void addressesRoundTripThroughTheirBytes() {
    for (Address address : addresses) {
      assertEquals(address, backend.address(address.bytes()), "address(bytes) of " + address);
    }
  }

  @Test
  public void accountsAreFoundByAddress() {
    assertEquals(addresses, wallet.addresses(), "addresses() is not stable");
    assertEquals(addresses.size(), new HashSet<>(addresses).size(), "addresses() has duplicates: " + addresses);
    for (Address address : addresses) {
      assertTrue(wallet.contains(address), "contains(" + address + ")");
      assertEquals(address, wallet.account(address).address(), "account(" + address + ").address()");
    }
  }

  @Test
  public void anUnknownAddressHasNoAccount() {
    Address known = addresses.get(0);
    byte[] changed = known.bytes().toArray();
    changed[changed.length - 1] ^= 1;
    List<Address> unknown = List.of(new Address(known.backendId(), Bytes.wrap(changed)), new Address(known.backendId() + 1, known.bytes()));
    for (Address address : unknown) {
      assertFalse(addresses.contains(address), "the test's unknown address is in the wallet: " + address);
      assertFalse(wallet.contains(address), "contains(" + address + ")");
      UnknownAccountException e = assertThrows(UnknownAccountException.class, () -> wallet.account(address));
      assertTrue(e.getMessage().contains(address.toString()), "message does not show the address: " + e.getMessage());
    }
  }

  private static String seeded(String message) {
    return message + " (WalletConformanceTest seed " + SEED + ")";
  }
}
