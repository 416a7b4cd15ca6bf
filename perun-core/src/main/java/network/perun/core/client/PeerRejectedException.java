// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import network.perun.api.PerunException;

/** A peer rejected our channel proposal or update; the message carries the peer's reason. */
public class PeerRejectedException extends PerunException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public PeerRejectedException(String what, String reason) {
    super(what + " rejected by peer: " + reason);
    this.reason = reason;
  }

  /** The reason the peer gave. */
  public String reason() {
    return reason;
  }
}
