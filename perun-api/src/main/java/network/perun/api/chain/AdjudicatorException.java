// SPDX-License-Identifier: Apache-2.0
package network.perun.api.chain;

import network.perun.api.PerunException;

/** The adjudicator refused or failed an operation; the message carries its reason (a contract's revert reason). */
public class AdjudicatorException extends PerunException {
  private static final long serialVersionUID = 1L;

  public AdjudicatorException(String message) {
    super(message);
  }

  public AdjudicatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
