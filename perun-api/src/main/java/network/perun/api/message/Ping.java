// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;


/** A liveness probe carrying the sender's time in Unix nanoseconds. */
public record Ping(long timeNanos) implements Message {
  @Override
  public MessageType type() {
    return MessageType.PING;
  }
}
