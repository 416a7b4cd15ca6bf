// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

/**
 * The root of every exception perun-java throws on purpose.
 *
 * <p>All of them are unchecked. Each subclass names one kind of failure, and every message shows the
 * value that caused it, so a log line is enough to find the cause.
 */
public class PerunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PerunException(String message) {
    super(message);
  }

  public PerunException(String message, Throwable cause) {
    super(message, cause);
  }
}
