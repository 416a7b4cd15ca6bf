// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

/**
 * A signature that cannot be accepted for a channel state: it does not verify against the participant's address,
 * names a participant index outside the channel or our own index, or fills a slot that already holds one.
 *
 * <p>The message names the participant index, the state version and the channel.
 */
public class InvalidSignatureException extends PerunException {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }
}
