// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.perun.api.Address;
import network.perun.api.InvalidValueException;
import network.perun.api.spi.UnknownAccountException;
import network.perun.api.spi.Wallet;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A wallet of deterministic sim accounts derived from a seed, for tests and demos.
 *
 * <pre>
 * private key of account i  =  SHA-256(seed || [i:u64 big-endian])     (an Ed25519 RFC 8032 seed)
 * seed of fromSeed(long s)  =  [s:u64 big-endian]
 * </pre>
 *
 * <p>A new wallet holds no account; {@link #newAccount()} derives the next one (index 0, 1, 2, ...). Two wallets
 * with the same seed derive the same accounts in the same order, so tests can rebuild them. The seed is never
 * shown. Thread-safe. Not for real funds: anyone who knows the seed knows every key.
 */
public final class SimWallet implements Wallet {
  private final byte[] seed;
  private final Map<Address, SimAccount> accounts = new LinkedHashMap<>();

  private SimWallet(byte[] seed) {
    this.seed = seed;
  }

  /** An empty wallet whose accounts derive from the 8 big-endian bytes of {@code seed}. */
  public static SimWallet fromSeed(long seed) {
    return new SimWallet(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
  }

  /**
   * An empty wallet whose accounts derive from {@code seed}; the array is copied.
   *
   * @throws InvalidValueException for an empty seed
   */
  public static SimWallet fromSeed(byte[] seed) {
    InvalidValueException.check(seed.length > 0, "a sim wallet seed must not be empty");
    return new SimWallet(seed.clone());
  }

  /** Derives the next account and adds it to the wallet. */
  public synchronized SimAccount newAccount() {
    SimAccount account = new SimAccount(derivePrivateKey(accounts.size()));
    accounts.put(account.address(), account);
    return account;
  }

  /**
   * The account for {@code address}.
   *
   * @throws UnknownAccountException if this wallet did not derive it
   */
  @Override
  public synchronized SimAccount account(Address address) {
    SimAccount account = accounts.get(address);
    if (account == null) {
      throw new UnknownAccountException(address);
    }
    return account;
  }

  @Override
  public synchronized boolean contains(Address address) {
    return accounts.containsKey(address);
  }

  /** The addresses of the derived accounts, in the order they were derived. */
  @Override
  public synchronized List<Address> addresses() {
    return List.copyOf(accounts.keySet());
  }

  /** The number of derived accounts. */
  public synchronized int size() {
    return accounts.size();
  }

  private byte[] derivePrivateKey(long index) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(seed, 0, seed.length);
    byte[] i = ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    digest.update(i, 0, i.length);
    byte[] key = new byte[digest.getDigestSize()];
    digest.doFinal(key, 0);
    return key;
  }

  @Override
  public synchronized String toString() {
    return "SimWallet(" + accounts.size() + " accounts)";
  }
}
