// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC over HTTP POST with the JDK's {@link HttpClient}; one request per call. Thread-safe. Messages show the
 * endpoint {@link UriRedaction redacted}.
 */
public final class HttpJsonRpc implements JsonRpc {
  private final URI endpoint;
  private final String shown;
  private final Duration timeout;
  private final HttpClient client;
  private final AtomicLong ids = new AtomicLong();

  public HttpJsonRpc(URI endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.shown = UriRedaction.redact(endpoint);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public JsonNode call(String method, List<?> params) {
    String body = JsonRpc.request(ids.incrementAndGet(), method, params).toString();
    HttpResponse<String> response;
    try {
      HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IllegalArgumentException e) {
      // the JDK refuses the URI (its message may quote it): no retry helps
      RpcException refused = new RpcException(method + " to " + shown + " failed: " + UriRedaction.scrub(e.toString(), endpoint), 0, null, false);
      refused.initCause(UriRedaction.scrub(e, endpoint));
      throw refused;
    } catch (IOException e) {
      throw new RpcException(method + " to " + shown + " failed: " + UriRedaction.scrub(e.toString(), endpoint), UriRedaction.scrub(e, endpoint));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(method + " to " + shown + " was interrupted", e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw new RpcException(method + " to " + shown + ": HTTP " + status, status, null, true);
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new RpcException(method + " to " + shown + ": HTTP " + status + ", not JSON: " + UriRedaction.scrub(abbreviate(response.body()), endpoint), status, null, false);
    }
    return JsonRpc.result(json, method);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "HttpJsonRpc(" + shown + ")";
  }
}
