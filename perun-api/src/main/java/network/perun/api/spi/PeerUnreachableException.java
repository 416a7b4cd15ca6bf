// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import network.perun.api.PerunException;
import network.perun.api.WireAddress;

/** A peer that could not be reached: unknown, offline, or not answering in time. */
public class PeerUnreachableException extends PerunException {
  private static final long serialVersionUID = 1L;

  public PeerUnreachableException(WireAddress peer, String reason) {
    super(peer + " is unreachable: " + reason);
  }

  public PeerUnreachableException(WireAddress peer, String reason, Throwable cause) {
    super(peer + " is unreachable: " + reason, cause);
  }
}
