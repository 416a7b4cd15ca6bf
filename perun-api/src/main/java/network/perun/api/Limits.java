// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

/** The size limits every channel obeys (those of go-perun v0.15, so its peers accept our channels). */
public final class Limits {
  /** At most this many participants in a channel. */
  public static final int MAX_PARTICIPANTS = 1024;
  /** At most this many assets in an allocation. */
  public static final int MAX_ASSETS = 1024;
  /** At most this many locked sub-allocations in an allocation. */
  public static final int MAX_SUB_ALLOCATIONS = 1024;
  /** The longest magnitude of a big integer on the wire, in bytes. */
  public static final int MAX_BIG_INT_BYTES = 128;
  /** The length of {@link Params#aux()}. */
  public static final int AUX_LENGTH = 256;

  private Limits() {}
}
