// SPDX-License-Identifier: Apache-2.0
package network.perun.node.http;

import network.perun.api.PerunException;

/** A request body longer than the server accepts. */
public class BodyTooLargeException extends PerunException {
  private static final long serialVersionUID = 1L;

  public BodyTooLargeException(int limit) {
    super("the request body is longer than " + limit + " bytes");
  }
}
