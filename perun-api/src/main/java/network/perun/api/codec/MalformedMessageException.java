// SPDX-License-Identifier: Apache-2.0
package network.perun.api.codec;

import network.perun.api.PerunException;

/**
 * Bytes that do not decode to a valid value or message: truncated or trailing input, an oversized length, an
 * unknown type, or a decoded value that breaks its type's rules. Decoding never fails any other way.
 */
public class MalformedMessageException extends PerunException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
