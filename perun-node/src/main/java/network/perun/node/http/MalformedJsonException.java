// SPDX-License-Identifier: Apache-2.0
package network.perun.node.http;

import network.perun.api.PerunException;

/** A request or answer body that is not JSON, with the parser's reason. */
public class MalformedJsonException extends PerunException {
  private static final long serialVersionUID = 1L;

  public MalformedJsonException(String reason) {
    super("the body is not valid JSON: " + reason);
  }
}
