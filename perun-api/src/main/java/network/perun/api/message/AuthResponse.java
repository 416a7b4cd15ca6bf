// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

/** The authentication message of the connection handshake: a signature by the sender's wire identity key. */
public record AuthResponse(network.perun.api.Bytes signature) implements Message {
  @Override
  public MessageType type() {
    return MessageType.AUTH_RESPONSE;
  }
}
