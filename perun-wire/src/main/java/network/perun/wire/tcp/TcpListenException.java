// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.net.InetSocketAddress;
import network.perun.api.PerunException;

/** The TCP transport could not listen on its address (in use, not local, or not permitted). */
public class TcpListenException extends PerunException {
  private static final long serialVersionUID = 1L;

  public TcpListenException(InetSocketAddress address, Throwable cause) {
    super("cannot listen on " + address + ": " + cause.getMessage(), cause);
  }
}
