// SPDX-License-Identifier: Apache-2.0
package network.perun.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import network.perun.node.http.HttpJson;
import network.perun.node.http.MalformedJsonException;

/** A client of a node's local API, as the CLI uses it: JSON in, JSON out, API errors as {@link ApiCallException}. */
public final class ApiClient implements AutoCloseable {
  private final String url;
  private final String token;
  private final HttpClient http;

  /** A client of the API at {@code url} (such as {@code http://127.0.0.1:7151}) with the bearer {@code token}. */
  public ApiClient(String url, String token) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String url() {
    return url;
  }

  public JsonNode get(String path) throws InterruptedException {
    return send(request(path).GET().build());
  }

  /** A text resource such as {@code /metrics}; an error answer is an {@link ApiCallException} as for JSON. */
  public String getText(String path) throws InterruptedException {
    HttpResponse<byte[]> response = exchange(request(path).GET().build());
    if (response.statusCode() >= 400) {
      toJson(response);
    }
    return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  public JsonNode post(String path, JsonNode body) throws InterruptedException {
    try {
      return send(request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(HttpJson.MAPPER.writeValueAsBytes(body))).build());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MalformedJsonException(e.getOriginalMessage());
    }
  }

  public JsonNode delete(String path) throws InterruptedException {
    return send(request(path).DELETE().build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token);
  }

  private JsonNode send(HttpRequest request) throws InterruptedException {
    return toJson(exchange(request));
  }

  private HttpResponse<byte[]> exchange(HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new ApiCallException("unreachable", 0, "no perun node answers at " + url + " (is perun node running? is api-listen right?)");
    } catch (IOException e) {
      throw new ApiCallException("unreachable", 0, "the perun node at " + url + " did not answer: " + e);
    }
  }

  private JsonNode toJson(HttpResponse<byte[]> response) {
    JsonNode body;
    try {
      body = HttpJson.parse(response.body());
    } catch (MalformedJsonException e) {
      throw new ApiCallException("malformed-answer", response.statusCode(), "the node at " + url + " answered HTTP " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() >= 400) {
      JsonNode error = body.path("error");
      throw new ApiCallException(error.path("code").asText("http-" + response.statusCode()), response.statusCode(),
          error.path("message").asText("HTTP " + response.statusCode()));
    }
    return body;
  }

  @Override
  public void close() {
    http.close();
  }
}
