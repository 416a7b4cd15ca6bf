// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

/** The answer to a {@link Ping}, echoing a time in Unix nanoseconds. */
public record Pong(long timeNanos) implements Message {
  @Override
  public MessageType type() {
    return MessageType.PONG;
  }
}
