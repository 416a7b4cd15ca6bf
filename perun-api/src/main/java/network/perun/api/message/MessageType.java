// SPDX-License-Identifier: Apache-2.0
package network.perun.api.message;

import network.perun.api.InvalidValueException;

/** The one-byte message type ids of go-perun v0.15 (since v0.9). */
public enum MessageType {
  PING(0),
  PONG(1),
  SHUTDOWN(2),
  AUTH_RESPONSE(3),
  LEDGER_CHANNEL_PROPOSAL(4),
  LEDGER_CHANNEL_PROPOSAL_ACC(5),
  SUB_CHANNEL_PROPOSAL(6),
  SUB_CHANNEL_PROPOSAL_ACC(7),
  VIRTUAL_CHANNEL_PROPOSAL(8),
  VIRTUAL_CHANNEL_PROPOSAL_ACC(9),
  CHANNEL_PROPOSAL_REJ(10),
  CHANNEL_UPDATE(11),
  VIRTUAL_CHANNEL_FUNDING_PROPOSAL(12),
  VIRTUAL_CHANNEL_SETTLEMENT_PROPOSAL(13),
  CHANNEL_UPDATE_ACC(14),
  CHANNEL_UPDATE_REJ(15),
  CHANNEL_SYNC(16);

  private static final MessageType[] BY_ID = values();
  private final int id;

  MessageType(int id) {
    this.id = id;
  }

  /** The type byte on the wire. */
  public int id() {
    return id;
  }

  /** Whether {@code id} names a known type. */
  public static boolean isKnown(int id) {
    return id >= 0 && id < BY_ID.length;
  }

  public static MessageType ofId(int id) {
    InvalidValueException.check(isKnown(id), "unknown message type %d (known: 0..%d)", id, BY_ID.length - 1);
    return BY_ID[id];
  }
}
