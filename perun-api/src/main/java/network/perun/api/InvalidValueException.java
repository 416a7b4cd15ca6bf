// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

/** A value that breaks the validity rules of its type, such as a negative balance or a zero challenge duration. */
public class InvalidValueException extends PerunException {
  private static final long serialVersionUID = 1L;

  public InvalidValueException(String message) {
    super(message);
  }

  /** Throws an {@code InvalidValueException} with {@code message} unless {@code condition} holds. */
  public static void check(boolean condition, String message) {
    if (!condition) {
      throw new InvalidValueException(message);
    }
  }

  /** Like {@link #check(boolean, String)} with a formatted message, built only on failure. */
  public static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new InvalidValueException(String.format(format, args));
    }
  }
}
