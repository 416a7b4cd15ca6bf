// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import network.perun.api.InvalidValueException;

/**
 * A JSON-RPC 2.0 connection to an Ethereum node.
 *
 * <p>{@link #connect(URI, Duration)} picks the transport by scheme: {@code http}/{@code https} ({@link HttpJsonRpc})
 * or {@code ws}/{@code wss} ({@link WebSocketJsonRpc}), both on the JDK's {@code java.net.http}, wrapped in
 * {@link RetryingJsonRpc} so transient failures are retried. Implementations are thread-safe.
 */
public interface JsonRpc extends AutoCloseable {
  /** The JSON mapper every transport uses. */
  ObjectMapper JSON = new ObjectMapper();

  /**
   * Calls {@code method} with positional {@code params} (strings, numbers, maps, lists or JSON nodes) and returns
   * the {@code result} (a JSON null for a null result).
   *
   * @throws RpcException if the node answers with an error or cannot be reached
   */
  JsonNode call(String method, List<?> params);

  @Override
  void close();

  /** A retrying connection to {@code endpoint} whose single requests time out after {@code requestTimeout}. */
  static JsonRpc connect(URI endpoint, Duration requestTimeout) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
    JsonRpc raw = switch (scheme) {
      case "http", "https" -> new HttpJsonRpc(endpoint, requestTimeout);
      case "ws", "wss" -> new WebSocketJsonRpc(endpoint, requestTimeout);
      default -> throw new InvalidValueException("an RPC endpoint must be http(s):// or ws(s)://, got \"" + UriRedaction.redact(endpoint) + "\"");
    };
    return new RetryingJsonRpc(raw, RetryingJsonRpc.DEFAULT_ATTEMPTS, Duration.ofMillis(200));
  }

  /** The request object {@code {"jsonrpc":"2.0","id":id,"method":method,"params":[...]}}. */
  static ObjectNode request(long id, String method, List<?> params) {
    ObjectNode req = JSON.createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", id);
    req.put("method", method);
    ArrayNode array = req.putArray("params");
    for (Object p : params) {
      array.add(JSON.valueToTree(p));
    }
    return req;
  }

  /** The result of a response object, or the {@link RpcException} its error describes. */
  static JsonNode result(JsonNode response, String method) {
    JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      int code = error.path("code").asInt();
      JsonNode data = error.get("data");
      String dataText = data == null || data.isNull() ? null : data.isTextual() ? data.asText() : data.toString();
      boolean transientError = code == -32005 || code == 429 || code == -32603 && error.path("message").asText().toLowerCase(java.util.Locale.ROOT).contains("timeout");
      throw new RpcException(method + " failed: " + error.path("message").asText() + " (code " + code + ")", code, dataText, transientError);
    }
    JsonNode result = response.get("result");
    return result == null ? JSON.nullNode() : result;
  }
}
