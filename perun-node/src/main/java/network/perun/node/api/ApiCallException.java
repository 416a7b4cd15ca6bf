// SPDX-License-Identifier: Apache-2.0
package network.perun.node.api;

import network.perun.api.PerunException;

/** The node's API answered with an error (or not at all): the stable error code, the HTTP status and the message. */
public class ApiCallException extends PerunException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;

  public ApiCallException(String code, int status, String message) {
    super(message + " [" + code + "]");
    this.code = code;
    this.status = status;
  }

  /** The error code ({@code unreachable} if the node did not answer). */
  public String code() {
    return code;
  }

  /** The HTTP status, 0 if the node did not answer. */
  public int status() {
    return status;
  }
}
