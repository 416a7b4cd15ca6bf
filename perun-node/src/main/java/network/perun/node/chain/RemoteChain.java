// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.PerunException;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.node.http.HttpJson;

/**
 * A client of a {@link ChainService}: one method per endpoint, answers decoded, the service's errors turned back
 * into the exceptions the ports promise ({@link AdjudicatorException}, {@link FundingTimeoutException}).
 */
public final class RemoteChain implements AutoCloseable {
  static final Duration LONG_POLL = Duration.ofSeconds(25);

  private final String url;
  private final int signatureSize;
  private final HttpClient http;

  /**
   * A client of the service at {@code url} (such as {@code http://127.0.0.1:7152}) for a backend whose signatures
   * are {@code signatureSize} bytes long.
   */
  public RemoteChain(String url, int signatureSize) {
    InvalidValueException.check(url.startsWith("http://") || url.startsWith("https://"), "chain-url must be an http:// URL, got \"%s\"", url);
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.signatureSize = signatureSize;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String url() {
    return url;
  }

  int signatureSize() {
    return signatureSize;
  }

  /** The chain time in seconds. */
  public long time() throws InterruptedException {
    return ChainCodec.integer(get("/time"), "time");
  }

  /** Waits up to {@code wait} for the chain time to reach {@code until}; returns the chain time. */
  long awaitTime(long until, Duration wait) throws InterruptedException {
    return ChainCodec.integer(get("/time?until=" + until + "&waitMs=" + wait.toMillis()), "time");
  }

  /** Advances the chain clock by {@code seconds}; returns the new time. */
  public long advanceTime(long seconds) throws InterruptedException {
    ObjectNode body = ChainCodec.JSON.objectNode().put("seconds", seconds);
    return ChainCodec.integer(post("/advance-time", body), "time");
  }

  /** {@code account}'s balance of {@code asset} outside channels. */
  public BigInteger balance(Address account, Asset asset) throws InterruptedException {
    return ChainCodec.amount(get("/balance?account=" + enc(ChainCodec.address(account)) + "&asset=" + enc(ChainCodec.asset(asset))), "balance");
  }

  /** Mints {@code amount} of {@code asset} for {@code account} (a genesis allocation); returns the new balance. */
  public BigInteger mint(Address account, Asset asset, BigInteger amount) throws InterruptedException {
    ObjectNode body = ChainCodec.JSON.objectNode();
    body.put("account", ChainCodec.address(account));
    body.put("asset", ChainCodec.asset(asset));
    body.put("amount", amount.toString());
    return ChainCodec.amount(post("/mint", body), "balance");
  }

  /** How many transactions {@code sender} sent. */
  public long transactionCount(Address sender) throws InterruptedException {
    return ChainCodec.integer(get("/transactions?sender=" + enc(ChainCodec.address(sender))), "count");
  }

  JsonNode post(String path, JsonNode body) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)))
        .build();
    return exchange(request);
  }

  JsonNode get(String pathAndQuery) throws InterruptedException {
    return exchange(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).GET().build());
  }

  /** Sends a GET without waiting; the future fails with the same exceptions {@link #get} throws. */
  CompletableFuture<JsonNode> getAsync(String pathAndQuery) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + pathAndQuery)).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
      if (failure != null) {
        throw new ChainUnreachableException(url, failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : failure);
      }
      return answer(response);
    });
  }

  private JsonNode exchange(HttpRequest request) throws InterruptedException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ChainUnreachableException(url, e);
    }
    return answer(response);
  }

  private JsonNode answer(HttpResponse<byte[]> response) {
    JsonNode body;
    try {
      body = HttpJson.parse(response.body());
    } catch (PerunException e) {
      throw new ChainProtocolException("the chain service at " + url + " answered HTTP " + response.statusCode() + " with a body that is not JSON");
    }
    if (response.statusCode() == 200) {
      return body;
    }
    String code = body.path("error").asText("internal");
    String message = body.path("message").asText("HTTP " + response.statusCode());
    throw switch (code) {
      case "adjudicator" -> new AdjudicatorException(message);
      case "funding-timeout" -> body.hasNonNull("channel")
          ? new FundingTimeoutException(ChainCodec.channel(body, "channel"), missing(body.path("missing")))
          : new PerunException("the chain service at " + url + " reported a funding timeout without the channel: " + message);
      case "invalid" -> new InvalidValueException("the chain service refused the request: " + message);
      default -> new PerunException("the chain service at " + url + " failed (" + code + "): " + message);
    };
  }

  private static Map<Integer, List<Integer>> missing(JsonNode node) {
    Map<Integer, List<Integer>> out = new TreeMap<>();
    node.properties().forEach(e -> {
      List<Integer> parts = new ArrayList<>();
      e.getValue().forEach(p -> parts.add(p.asInt()));
      out.put(Integer.parseInt(e.getKey()), List.copyOf(parts));
    });
    return out;
  }

  static ObjectNode request(AdjudicatorRequest r) {
    ObjectNode o = ChainCodec.JSON.objectNode();
    o.put("channel", r.channelId().bytes().toHex());
    o.put("params", ChainCodec.params(r.params()));
    o.put("sender", ChainCodec.address(r.account().address()));
    o.put("transaction", ChainCodec.transaction(r.transaction()));
    o.put("ownIndex", r.ownIndex());
    o.put("secondary", r.secondary());
    return o;
  }

  /** Decodes one event of {@code /events}. */
  AdjudicatorEvent event(ChannelId channel, JsonNode e) {
    long version = ChainCodec.integer(e, "version");
    RemoteTimeout timeout = new RemoteTimeout(this, ChainCodec.integer(e, "timeout"));
    String kind = ChainCodec.text(e, "kind");
    return switch (kind) {
      case "registered" -> new AdjudicatorEvent.Registered(channel, version, timeout, ChainCodec.state(e, "state"), ChainCodec.signatures(e, "signatures"));
      case "progressed" -> new AdjudicatorEvent.Progressed(channel, version, timeout, ChainCodec.state(e, "state"), (int) ChainCodec.integer(e, "actorIndex"));
      case "concluded" -> new AdjudicatorEvent.Concluded(channel, version, timeout);
      default -> throw new ChainProtocolException("unknown event kind \"" + kind + "\"");
    };
  }

  private static byte[] write(JsonNode body) {
    try {
      return HttpJson.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new ChainProtocolException("cannot write a request: " + e.getMessage());
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "RemoteChain(" + url + ")";
  }
}
