// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC over one WebSocket with the JDK's client: requests are matched to responses by ID, so many calls can
 * be in flight at once. A lost connection fails the calls in flight (as transient) and is re-opened on the next
 * call. Thread-safe. Messages show the endpoint {@link UriRedaction redacted}.
 */
public final class WebSocketJsonRpc implements JsonRpc {
  private final URI endpoint;
  private final String shown;
  private final Duration timeout;
  private final HttpClient client;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private WebSocket socket;

  public WebSocketJsonRpc(URI endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.shown = UriRedaction.redact(endpoint);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public JsonNode call(String method, List<?> params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      WebSocket ws = socket();
      synchronized (this) {
        ws.sendText(JsonRpc.request(id, method, params).toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return JsonRpc.result(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS), method);
    } catch (IllegalArgumentException e) {
      // the JDK refuses the URI (its message may quote it): no retry helps
      RpcException refused = new RpcException(method + " over " + shown + " failed: " + UriRedaction.scrub(e.toString(), endpoint), 0, null, false);
      refused.initCause(UriRedaction.scrub(e, endpoint));
      throw refused;
    } catch (ExecutionException e) {
      reset();
      throw new RpcException(method + " over " + shown + " failed: " + UriRedaction.scrub(String.valueOf(e.getCause()), endpoint),
          UriRedaction.scrub(e.getCause(), endpoint));
    } catch (TimeoutException e) {
      throw new RpcException(method + " over " + shown + " timed out after " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(method + " over " + shown + " was interrupted", e);
    } finally {
      pending.remove(id);
    }
  }

  private synchronized WebSocket socket() throws InterruptedException, ExecutionException, TimeoutException {
    if (socket == null || socket.isOutputClosed() || socket.isInputClosed()) {
      socket = client.newWebSocketBuilder().connectTimeout(timeout).buildAsync(endpoint, new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return socket;
  }

  private synchronized void reset() {
    socket = null;
  }

  private void failAll(Throwable cause) {
    reset();
    pending.values().forEach(f -> f.completeExceptionally(cause));
  }

  /** Collects text frames into messages and completes the pending call each response answers. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        try {
          JsonNode json = JSON.readTree(message);
          CompletableFuture<JsonNode> f = pending.get(json.path("id").asLong(-1));
          if (f != null) {
            f.complete(json);
          }
        } catch (IOException ignored) {
          // not a response of ours (a subscription notification or junk): nothing waits for it
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(new IOException("WebSocket closed: " + statusCode + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(error);
    }
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      socket.abort();
      socket = null;
    }
    client.close();
  }

  @Override
  public String toString() {
    return "WebSocketJsonRpc(" + shown + ")";
  }
}
