// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.abi;

import network.perun.api.PerunException;

/** ABI-encoded bytes (calldata, a return value, a log) that do not decode as the expected types. */
public class AbiDecodingException extends PerunException {
  private static final long serialVersionUID = 1L;

  public AbiDecodingException(String message) {
    super(message);
  }

  public AbiDecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
