// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import network.perun.api.PerunException;

/** The chain service at a URL did not answer (not running, wrong port, connection lost). */
public class ChainUnreachableException extends PerunException {
  private static final long serialVersionUID = 1L;

  public ChainUnreachableException(String url, Throwable cause) {
    super("the chain service at " + url + " is unreachable: " + cause, cause);
  }
}
