// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

/** A peer's notice that it closes the connection, with the reason. */
public record Shutdown(String reason) implements Message {
  @Override
  public MessageType type() {
    return MessageType.SHUTDOWN;
  }
}
