// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.util.Objects;
import network.perun.api.PerunException;

/** A request the node refuses, with the API's {@link ErrorCode} and a message that shows the bad value. */
public class NodeException extends PerunException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public NodeException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
