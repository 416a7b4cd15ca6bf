// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.spi.UnknownAccountException;
import network.perun.api.spi.Wallet;

/**
 * A wallet of Ethereum accounts, loaded from keystore V3 files (the Web3 Secret Storage format of geth and
 * most wallets, see {@link Keystore}) or from raw private keys.
 *
 * <p>Keys are never logged or shown: {@link #toString()} counts the accounts, and error messages name the file,
 * never a key or a password. Thread-safe.
 */
public final class EthWallet implements Wallet {
  private final Map<Address, EthAccount> accounts = new LinkedHashMap<>();

  /** An empty wallet. */
  public EthWallet() {}

  /**
   * Adds the account of a 32-byte private key (the array is copied; the caller should wipe it) and returns it.
   *
   * @throws InvalidValueException unless the key is a valid secp256k1 private key
   */
  public synchronized EthAccount addPrivateKey(byte[] privateKey) {
    EthAccount account = new EthAccount(privateKey);
    accounts.putIfAbsent(account.address(), account);
    return accounts.get(account.address());
  }

  /**
   * Adds the account of a private key in hex ({@code 0x} optional).
   *
   * @throws InvalidValueException unless it is 32 bytes of hex and a valid key (the message does not show it)
   */
  public EthAccount addPrivateKey(String hex) {
    byte[] key;
    try {
      key = Bytes.fromHex(hex.strip()).toArray();
    } catch (InvalidValueException e) {
      throw new InvalidValueException("a private key must be 64 hex digits (value not shown)");
    }
    try {
      return addPrivateKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Decrypts a keystore V3 file with {@code password} and adds its account.
   *
   * @throws network.perun.api.PerunException if the file cannot be read or parsed, or the password is wrong
   */
  public EthAccount addKeystore(Path file, char[] password) {
    byte[] key = Keystore.decrypt(file, password);
    try {
      return addPrivateKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public synchronized EthAccount account(Address address) {
    EthAccount account = accounts.get(address);
    if (account == null) {
      throw new UnknownAccountException(address);
    }
    return account;
  }

  @Override
  public synchronized boolean contains(Address address) {
    return accounts.containsKey(address);
  }

  /** The addresses in the order the accounts were added. */
  @Override
  public synchronized List<Address> addresses() {
    return List.copyOf(accounts.keySet());
  }

  @Override
  public synchronized String toString() {
    return "EthWallet(" + accounts.size() + " accounts)";
  }
}
