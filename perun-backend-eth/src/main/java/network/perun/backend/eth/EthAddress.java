// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.backend.eth.crypto.Keccak;

/**
 * Ethereum addresses as perun {@link Address}es: backend ID {@value EthBackend#BACKEND_ID} and the 20 address
 * bytes.
 *
 * <pre>
 * address     [20 bytes]                               backend ID 1
 * of a key    last 20 bytes of keccak256(x || y)       x, y: the 32-byte public key coordinates
 * text        0x + 40 hex digits, EIP-55 mixed case    (parsing accepts any case)
 * </pre>
 */
public final class EthAddress {
  /** The length of an Ethereum address. */
  public static final int LENGTH = 20;

  /** The zero address (no app, no contract). */
  public static final Address ZERO = new Address(EthBackend.BACKEND_ID, Bytes.zeros(LENGTH));

  private EthAddress() {}

  /**
   * The address with these 20 bytes.
   *
   * @throws InvalidValueException for another length
   */
  public static Address of(byte[] bytes) {
    InvalidValueException.check(bytes.length == LENGTH, "an Ethereum address has %d bytes, got %d", LENGTH, bytes.length);
    return new Address(EthBackend.BACKEND_ID, Bytes.of(bytes));
  }

  /**
   * Parses {@code 0x} and 40 hex digits (any case).
   *
   * @throws InvalidValueException if the text is not an address
   */
  public static Address of(String hex) {
    Bytes bytes = Bytes.fromHex(hex.strip());
    InvalidValueException.check(bytes.length() == LENGTH, "an Ethereum address has %d bytes, got %d: \"%s\"", LENGTH, bytes.length(), hex);
    return new Address(EthBackend.BACKEND_ID, bytes);
  }

  /** The address of a 64-byte uncompressed public key {@code x || y}. */
  public static Address ofPublicKey(byte[] publicKey) {
    InvalidValueException.check(publicKey.length == 64, "an uncompressed public key has 64 bytes, got %d", publicKey.length);
    byte[] hash = Keccak.keccak256(publicKey);
    return new Address(EthBackend.BACKEND_ID, Bytes.wrap(Arrays.copyOfRange(hash, 12, 32)));
  }

  /** Whether {@code address} is an Ethereum address: backend ID 1 and 20 bytes. */
  public static boolean isEth(Address address) {
    return address.backendId() == EthBackend.BACKEND_ID && address.bytes().length() == LENGTH;
  }

  /**
   * The 20 bytes of an Ethereum address.
   *
   * @throws InvalidValueException if {@code address} is not an Ethereum address
   */
  public static byte[] bytes(Address address) {
    InvalidValueException.check(isEth(address), "not an Ethereum address (backend %d, %d bytes): %s", EthBackend.BACKEND_ID, LENGTH, address);
    return address.bytes().toArray();
  }

  /** The EIP-55 mixed-case checksum form, such as {@code 0x70997970C51812dc3A010C7d01b50e0d17dc79C8}. */
  public static String checksummed(Address address) {
    String hex = HexFormat.of().formatHex(bytes(address));
    byte[] hash = Keccak.keccak256(hex.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(Character.isLetter(c) && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
