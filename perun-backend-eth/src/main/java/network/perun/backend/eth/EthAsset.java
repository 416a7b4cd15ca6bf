// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;

/**
 * An asset on an EVM chain: the chain ID and the address of the AssetHolder contract that holds it (ETH or one
 * ERC20 token).
 *
 * <pre>
 * Asset.bytes()   [chainID:32 big-endian][assetHolder:20]          backend ID 1, 52 bytes
 * contract Asset  (chainID, ethHolder = assetHolder, ccHolder = 32 zero bytes)
 * </pre>
 *
 * @param chainId the EVM chain ID (EIP-155), a uint256
 * @param holder the AssetHolder contract's address
 */
public record EthAsset(BigInteger chainId, Address holder) {
  /** The length of {@link Asset#bytes()} of an Ethereum asset. */
  public static final int LENGTH = 32 + EthAddress.LENGTH;

  public EthAsset {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(holder, "holder");
    InvalidValueException.check(chainId.signum() >= 0 && chainId.bitLength() <= 256, "chain ID must be a uint256, got %s", chainId);
    InvalidValueException.check(EthAddress.isEth(holder), "asset holder must be an Ethereum address, got %s", holder);
  }

  /** The asset of chain {@code chainId} held by {@code holder}. */
  public static EthAsset of(long chainId, Address holder) {
    return new EthAsset(BigInteger.valueOf(chainId), holder);
  }

  /**
   * The Ethereum asset an {@link Asset} encodes.
   *
   * @throws InvalidValueException unless it has backend ID 1 and 52 bytes
   */
  public static EthAsset of(Asset asset) {
    InvalidValueException.check(isEth(asset), "not an Ethereum asset (backend %d, %d bytes): %s", EthBackend.BACKEND_ID, LENGTH, asset);
    byte[] b = asset.bytes().toArray();
    return new EthAsset(new BigInteger(1, Arrays.copyOfRange(b, 0, 32)), EthAddress.of(Arrays.copyOfRange(b, 32, LENGTH)));
  }

  /** Whether {@code asset} is an Ethereum asset: backend ID 1 and 52 bytes. */
  public static boolean isEth(Asset asset) {
    return asset.backendId() == EthBackend.BACKEND_ID && asset.bytes().length() == LENGTH;
  }

  /** This asset as a perun {@link Asset}. */
  public Asset toAsset() {
    byte[] b = new byte[LENGTH];
    byte[] id = chainId.toByteArray();
    int len = Math.min(id.length, 32);
    System.arraycopy(id, id.length - len, b, 32 - len, len);
    holder.bytes().copyTo(b, 32);
    return new Asset(EthBackend.BACKEND_ID, Bytes.wrap(b));
  }

  @Override
  public String toString() {
    return "EthAsset(chain " + chainId + ", holder " + EthAddress.checksummed(holder) + ")";
  }
}
