// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

/** A peer's notice that it closes the connection, with the reason (at most 65535 UTF-8 bytes). */
public record Shutdown(String reason) implements Message {
  public Shutdown {
    MessageChecks.wireString(reason, "shutdown reason");
  }

  @Override
  public MessageType type() {
    return MessageType.SHUTDOWN;
  }
}
