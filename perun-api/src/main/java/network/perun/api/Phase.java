// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

/**
 * The phase of a channel's life, with go-perun v0.15's numeric codes (sent in {@code ChannelSync} and stored).
 */
public enum Phase {
  /** The initial state is being built. */
  INIT_ACTING(0),
  /** The initial state is being signed by every participant. */
  INIT_SIGNING(1),
  /** The initial state is signed; deposits are under way. */
  FUNDING(2),
  /** Funded and open: updates may be proposed. */
  ACTING(3),
  /** An update is staged and its signatures are being collected. */
  SIGNING(4),
  /** A final state is fully signed; the channel can only be settled. */
  FINAL(5),
  /** A state is being registered on chain. */
  REGISTERING(6),
  /** A state is registered on chain; the challenge period runs. */
  REGISTERED(7),
  /** An app state is being progressed on chain. */
  PROGRESSING(8),
  /** An app state was progressed on chain. */
  PROGRESSED(9),
  /** The outcome is being withdrawn. */
  WITHDRAWING(10),
  /** Every share is withdrawn: the channel is closed. */
  WITHDRAWN(11);

  private static final Phase[] BY_CODE = values();

  private final int code;

  Phase(int code) {
    this.code = code;
  }

  /** The numeric code on the wire. */
  public int code() {
    return code;
  }

  /** The phase with the given code. */
  public static Phase ofCode(int code) {
    InvalidValueException.check(code >= 0 && code < BY_CODE.length, "unknown phase code %d (0..%d)", code, BY_CODE.length - 1);
    return BY_CODE[code];
  }
}
