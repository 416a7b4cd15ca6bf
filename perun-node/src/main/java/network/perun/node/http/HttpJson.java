// SPDX-License-Identifier: Apache-2.0
package network.perun.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON plumbing shared by the node's HTTP servers (the local API and the chain service): reading a bounded
 * body, parsing JSON, parsing the query string, and writing a JSON answer.
 */
public final class HttpJson {
  /** The one object mapper of the node: JSON trees only, no data binding. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private HttpJson() {}

  /**
   * The request body, at most {@code limit} bytes.
   *
   * @throws BodyTooLargeException if it is longer
   */
  public static byte[] body(HttpExchange exchange, int limit) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + n > limit) {
          throw new BodyTooLargeException(limit);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  /**
   * Parses {@code body} as JSON; an empty body is a {@link MissingNode}.
   *
   * @throws MalformedJsonException if it is not JSON
   */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedJsonException(e.getMessage());
    }
  }

  /** The decoded query parameters of the request, the last one winning for repeated names. */
  public static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  /** The query parameter {@code name}, if present. */
  public static Optional<String> query(HttpExchange exchange, String name) {
    return Optional.ofNullable(query(exchange).get(name));
  }

  /** Writes {@code body} as the JSON answer with {@code status} and closes the exchange. */
  public static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    send(exchange, status, "application/json", MAPPER.writeValueAsBytes(body));
  }

  /** Writes {@code body} with {@code status} and {@code contentType} and closes the exchange. */
  public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
