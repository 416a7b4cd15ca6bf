// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.util.Optional;
import network.perun.api.PerunException;

/**
 * A JSON-RPC call that failed: the node answered with an error, or could not be reached.
 *
 * <p>{@link #code()} is the JSON-RPC error code (0 for transport failures), {@link #data()} the error's data, such
 * as the revert data of a failed {@code eth_call}, and {@link #isTransient()} whether retrying may help.
 */
public class RpcException extends PerunException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final transient String data;
  private final boolean transientFailure;

  public RpcException(String message, int code, String data, boolean transientFailure) {
    super(message);
    this.code = code;
    this.data = data;
    this.transientFailure = transientFailure;
  }

  public RpcException(String message, Throwable cause) {
    super(message, cause);
    this.code = 0;
    this.data = null;
    this.transientFailure = true;
  }

  /** The JSON-RPC error code, 0 for a transport failure. */
  public int code() {
    return code;
  }

  /** The error's {@code data} field as text (hex revert data for reverts), if any. */
  public Optional<String> data() {
    return Optional.ofNullable(data);
  }

  /** Whether the failure may go away on retry (connection trouble, rate limits, node overload). */
  public boolean isTransient() {
    return transientFailure;
  }
}
