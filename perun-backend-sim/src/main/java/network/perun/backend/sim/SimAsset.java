// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import java.nio.ByteBuffer;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;

/**
 * Assets of the sim backend: a 64-bit asset number.
 *
 * <pre>
 * asset  backend ID 0, [id:u64 big-endian]   (go-perun's sim asset)
 * </pre>
 */
public final class SimAsset {
  /** The length of a sim asset's encoding. */
  public static final int LENGTH = 8;

  private SimAsset() {}

  /** The sim asset with number {@code id} (any 64 bits; read back unsigned by go-perun). */
  public static Asset of(long id) {
    return new Asset(SimBackend.BACKEND_ID, Bytes.wrap(ByteBuffer.allocate(LENGTH).putLong(id).array()));
  }

  /**
   * The number of a sim asset.
   *
   * @throws InvalidValueException if {@code asset} is not a sim asset
   */
  public static long id(Asset asset) {
    InvalidValueException.check(asset.backendId() == SimBackend.BACKEND_ID && asset.bytes().length() == LENGTH,
        "not a sim asset (backend 0, %d bytes): %s", LENGTH, asset);
    return ByteBuffer.wrap(asset.bytes().toArray()).getLong();
  }
}
