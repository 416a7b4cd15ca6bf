// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import java.time.Duration;
import network.perun.api.PerunException;

/** A request got no answer in time: a proposal, an update, or a wait for the peer's signature. */
public class RequestTimeoutException extends PerunException {
  private static final long serialVersionUID = 1L;

  public RequestTimeoutException(String what, Duration timeout) {
    super(what + " got no answer within " + timeout.toMillis() + " ms");
  }
}
