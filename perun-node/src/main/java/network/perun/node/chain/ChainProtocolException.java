// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import network.perun.api.PerunException;

/** A request or answer of the chain service protocol that cannot be read, naming the bad field. */
public class ChainProtocolException extends PerunException {
  private static final long serialVersionUID = 1L;

  public ChainProtocolException(String message) {
    super(message);
  }
}
