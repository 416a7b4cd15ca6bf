// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import network.perun.api.PerunException;

/** An operation on a channel or client that was closed. */
public class ChannelClosedException extends PerunException {
  private static final long serialVersionUID = 1L;

  public ChannelClosedException(String message) {
    super(message);
  }
}
