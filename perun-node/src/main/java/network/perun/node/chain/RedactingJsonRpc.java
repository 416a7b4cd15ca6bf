// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.backend.eth.rpc.RpcException;
import network.perun.backend.eth.rpc.UriRedaction;

/**
 * A JSON-RPC connection whose errors show its endpoint as scheme, host and port only: a provider's URL often
 * carries an API key in its path or query, and error messages end up in logs, events and API answers.
 *
 * <p>An {@link RpcException} that names the full endpoint is replaced by one with the same code, data and
 * transience, the same stack trace and cause, and the redacted endpoint in its message ({@link UriRedaction#scrub}).
 * The backend's transports redact their own messages already; this guards messages of any other origin.
 */
final class RedactingJsonRpc implements JsonRpc {
  private final JsonRpc delegate;
  private final URI endpoint;

  RedactingJsonRpc(JsonRpc delegate, URI endpoint) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  /** {@code message} with the endpoint redacted and no secret part of it left ({@link UriRedaction#scrub}). */
  String redact(String message) {
    return UriRedaction.scrub(message, endpoint);
  }

  @Override
  public JsonNode call(String method, List<?> params) {
    try {
      return delegate.call(method, params);
    } catch (RpcException e) {
      String message = String.valueOf(e.getMessage());
      if (message.equals(redact(message))) {
        throw e;
      }
      RpcException redacted = new RpcException(redact(message), e.code(), e.data().orElse(null), e.isTransient());
      if (e.getCause() != null) {
        redacted.initCause(e.getCause());
      }
      redacted.setStackTrace(e.getStackTrace());
      throw redacted;
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
