// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

/** A proposed next state that the channel's rules or its app's rules do not allow. */
public class StateTransitionException extends PerunException {
  private static final long serialVersionUID = 1L;

  public StateTransitionException(String message) {
    super(message);
  }
}
