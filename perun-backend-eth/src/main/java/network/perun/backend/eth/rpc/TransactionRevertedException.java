// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import network.perun.api.chain.AdjudicatorException;

/** A contract call that reverts (found before sending it) or reverted (after mining); {@link #reason()} says why. */
public class TransactionRevertedException extends AdjudicatorException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public TransactionRevertedException(String what, String reason, boolean sent) {
    super(what + (sent ? " reverted: " : " would revert and was not sent: ") + reason);
    this.reason = reason;
  }

  /** The revert reason, such as {@code "invalid signature"}. */
  public String reason() {
    return reason;
  }
}
