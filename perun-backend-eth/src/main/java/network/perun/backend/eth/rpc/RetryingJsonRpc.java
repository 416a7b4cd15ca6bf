// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Retries calls that failed transiently (connection trouble, rate limits, overload) with exponential back-off;
 * node errors such as a revert are passed on at once.
 *
 * <p>{@code eth_sendRawTransaction} is retried too: re-sending the same signed transaction is harmless (the node
 * answers "already known" or "nonce too low", which {@link TransactionSender} treats as sent).
 */
public final class RetryingJsonRpc implements JsonRpc {
  /** The default number of attempts per call. */
  public static final int DEFAULT_ATTEMPTS = 5;

  private static final Set<String> NEVER_RETRIED = Set.of("evm_increaseTime", "evm_mine", "anvil_mine");

  private final JsonRpc delegate;
  private final int attempts;
  private final Duration firstBackoff;

  public RetryingJsonRpc(JsonRpc delegate, int attempts, Duration firstBackoff) {
    this.delegate = delegate;
    this.attempts = Math.max(1, attempts);
    this.firstBackoff = firstBackoff;
  }

  @Override
  public JsonNode call(String method, List<?> params) {
    long backoff = firstBackoff.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return delegate.call(method, params);
      } catch (RpcException e) {
        if (!e.isTransient() || attempt >= attempts || NEVER_RETRIED.contains(method) || Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RpcException(method + " was interrupted while waiting to retry", e);
      }
      backoff = Math.min(backoff * 2, 5_000);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "Retrying(" + delegate + ", " + attempts + " attempts)";
  }
}
