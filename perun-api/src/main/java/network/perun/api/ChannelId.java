// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;

/**
 * The 32-byte identifier of a channel: the backend's commitment to the channel's {@link Params}.
 *
 * <p>It is computed by {@link network.perun.api.spi.ChannelBackend#channelId(Params)} and never taken from
 * the wire as the identity of a set of params.
 */
public record ChannelId(Bytes bytes) implements Comparable<ChannelId> {
  public static final int LENGTH = 32;

  public ChannelId {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(bytes.length() == LENGTH, "channel ID must be %d bytes, got %d: %s", LENGTH, bytes.length(), bytes);
  }

  public static ChannelId of(byte[] bytes) {
    return new ChannelId(Bytes.of(bytes));
  }

  public static ChannelId fromHex(String hex) {
    return new ChannelId(Bytes.fromHex(hex));
  }

  @Override
  public int compareTo(ChannelId o) {
    return bytes.compareTo(o.bytes);
  }

  /** The first four bytes in hex, for logs. */
  public String shortHex() {
    char[] out = new char[8];
    for (int i = 0; i < 4; i++) {
      int b = bytes.get(i) & 0xFF;
      out[2 * i] = Character.forDigit(b >>> 4, 16);
      out[2 * i + 1] = Character.forDigit(b & 0xF, 16);
    }
    return new String(out); // formats 4 bytes, not 32: it is in many log and error messages
  }

  @Override
  public String toString() {
    return bytes.toString();
  }
}
