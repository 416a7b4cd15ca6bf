// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import network.perun.api.PerunException;

/**
 * Our update lost against a concurrent update of the same version by a participant with a lower index. The
 * rule is deterministic on every side, so a channel never holds two different fully signed states of one
 * version (go-perun #380 leaves both sides inconsistent). Retry the update on the new state.
 */
public class UpdateConflictException extends PerunException {
  private static final long serialVersionUID = 1L;

  public UpdateConflictException(String message) {
    super(message);
  }
}
