// SPDX-License-Identifier: Apache-2.0
package network.perun.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.perun.node.config.ConfigException;
import network.perun.node.config.HostPort;
import network.perun.node.daemon.ChannelView;
import network.perun.node.daemon.Contact;
import network.perun.node.daemon.ErrorCode;
import network.perun.node.daemon.Node;
import network.perun.node.daemon.NodeEvent;
import network.perun.node.daemon.NodeException;
import network.perun.node.daemon.PendingDecisions;
import network.perun.node.http.HttpJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local API: JSON over HTTP with the JDK's server, every request authenticated with the bearer token.
 *
 * <pre>
 * GET    /health                          status, identity, chain time and balance, counts
 * GET    /metrics                         Prometheus text format
 * GET    /contacts                        {"contacts":[C]}
 * POST   /contacts {"name","wireAddress","address"}    201 C
 * DELETE /contacts/NAME                   C
 * GET    /channels                        {"channels":[H]}
 * POST   /channels {"peer","deposit"[,"peerDeposit","challengeDuration"]}   201 H, once open and funded
 * GET    /channels/ID                     H (ID: 8 to 64 hex digits of the channel ID)
 * POST   /channels/ID/payments {"amount"} H after the update
 * POST   /channels/ID/close               202 H: final state agreed, settlement under way (see the events)
 * POST   /channels/ID/dispute             202 H: settlement on chain without the peer under way
 * GET    /events[?after=ID&amp;wait=S&amp;limit=N]  {"events":[E],"last":ID}; waits up to S seconds (max 60) for one
 * GET    /decisions                       {"decisions":[D]}
 * POST   /decisions/ID {"accept":true|false[,"reason"]}  D
 * error: {"error":{"code":"...","message":"..."}} with the code's HTTP status (ErrorCode)
 * </pre>
 *
 * <p>Amounts are whole numbers of the asset's smallest unit, as JSON strings (numbers are accepted too).
 */
public final class ApiServer implements AutoCloseable {
  /** The longest request body accepted. */
  public static final int MAX_BODY = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Pattern CHANNEL = Pattern.compile("/channels/([^/]+)");
  private static final Pattern CHANNEL_ACTION = Pattern.compile("/channels/([^/]+)/(payments|close|dispute)");
  private static final Pattern CONTACT = Pattern.compile("/contacts/([^/]+)");
  private static final Pattern DECISION = Pattern.compile("/decisions/([^/]+)");

  private final Node node;
  private final byte[] token;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private ApiServer(Node node, HostPort listen, String token) throws IOException {
    this.node = node;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(listen.socketAddress(), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Serves {@code node}'s API on {@code listen}, authenticating requests with {@code token}.
   *
   * @throws ConfigException if the token is too short or the address cannot be bound
   */
  public static ApiServer start(Node node, HostPort listen, String token) {
    Objects.requireNonNull(node, "node");
    if (token.length() < 16) {
      throw new ConfigException("the API token must be at least 16 characters, got " + token.length());
    }
    if (!listen.isLoopback()) {
      LOG.warn("the API listens on {}, which is not a loopback address: anyone who can reach it and knows the token controls the node's funds", listen);
    }
    try {
      return new ApiServer(node, listen, token);
    } catch (IOException e) {
      throw new ConfigException("cannot listen for the API on " + listen + " (api-listen): " + e.getMessage(), e);
    }
  }

  /** The port the API listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The API's base URL. */
  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  // ---------------------------------------------------------------------------------------------- dispatch

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      try {
        if (!authorized(exchange)) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"perun\"");
          throw new NodeException(ErrorCode.UNAUTHORIZED, "a valid bearer token is required (Authorization: Bearer TOKEN, the token is in api-token-file)");
        }
        if (path.equals("/metrics") && method.equals("GET")) {
          HttpJson.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", node.metrics().scrape().getBytes(StandardCharsets.UTF_8));
          return;
        }
        if (node.isStopping() && !path.equals("/health")) {
          throw new NodeException(ErrorCode.SHUTTING_DOWN, "the node is shutting down and takes no new requests");
        }
        Answer answer = route(method, path, exchange);
        HttpJson.send(exchange, answer.status(), answer.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        sendError(exchange, new NodeException(ErrorCode.SHUTTING_DOWN, "the request was interrupted: the node is shutting down"));
      } catch (RuntimeException e) {
        sendError(exchange, e);
      }
    }
  }

  private static void sendError(HttpExchange exchange, RuntimeException e) throws IOException {
    ErrorCode code = ErrorCode.of(e);
    if (code == ErrorCode.INTERNAL) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
    } else {
      LOG.debug("{} {}: {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), code.code(), e.getMessage());
    }
    HttpJson.send(exchange, code.httpStatus(), error(code, code == ErrorCode.INTERNAL ? "internal error: " + e : String.valueOf(e.getMessage())));
  }

  /** The error body: {@code {"error":{"code","message"}}}. */
  public static ObjectNode error(ErrorCode code, String message) {
    ObjectNode o = HttpJson.MAPPER.createObjectNode();
    o.putObject("error").put("code", code.code()).put("message", message);
    return o;
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }

  private record Answer(int status, JsonNode body) {}

  private Answer route(String method, String path, HttpExchange exchange) throws IOException, InterruptedException {
    Matcher m;
    switch (path) {
      case "/health" -> {
        requireMethod(method, "GET");
        return ok(node.health());
      }
      case "/contacts" -> {
        if (method.equals("GET")) {
          ObjectNode o = json();
          ArrayNode list = o.putArray("contacts");
          node.contacts().forEach(c -> list.add(contact(c)));
          return ok(o);
        }
        requireMethod(method, "POST");
        JsonNode body = body(exchange);
        Contact c = node.addContact(text(body, "name"), text(body, "wireAddress"), text(body, "address"));
        return new Answer(201, contact(c));
      }
      case "/channels" -> {
        if (method.equals("GET")) {
          ObjectNode o = json();
          ArrayNode list = o.putArray("channels");
          node.channels().forEach(ch -> list.add(channel(ch)));
          return ok(o);
        }
        requireMethod(method, "POST");
        JsonNode body = body(exchange);
        String peer = text(body, "peer");
        BigInteger deposit = amount(body, "deposit");
        BigInteger peerDeposit = body.has("peerDeposit") ? amount(body, "peerDeposit") : BigInteger.ZERO;
        OptionalLong challenge = body.has("challengeDuration") ? OptionalLong.of(integer(body, "challengeDuration")) : OptionalLong.empty();
        return new Answer(201, channel(node.open(peer, deposit, peerDeposit, challenge)));
      }
      case "/events" -> {
        requireMethod(method, "GET");
        Map<String, String> q = HttpJson.query(exchange);
        long after = q.containsKey("after") ? queryLong(q, "after") : 0;
        long wait = q.containsKey("wait") ? Math.min(Math.max(queryLong(q, "wait"), 0), 60) : 0;
        int limit = (int) (q.containsKey("limit") ? Math.min(Math.max(queryLong(q, "limit"), 1), 10_000) : 1000);
        List<NodeEvent> events = node.events().after(after, limit, Duration.ofSeconds(wait));
        ObjectNode o = json();
        ArrayNode list = o.putArray("events");
        events.forEach(e -> list.add(e.toJson()));
        o.put("last", events.isEmpty() ? Math.max(after, 0) : events.get(events.size() - 1).id());
        return ok(o);
      }
      case "/decisions" -> {
        requireMethod(method, "GET");
        ObjectNode o = json();
        ArrayNode list = o.putArray("decisions");
        node.decisions().all().forEach(d -> list.add(decision(d)));
        return ok(o);
      }
      default -> {
        // parameterised paths below
      }
    }
    if ((m = CHANNEL_ACTION.matcher(path)).matches()) {
      requireMethod(method, "POST");
      String ref = decode(m.group(1));
      return switch (m.group(2)) {
        case "payments" -> {
          JsonNode body = body(exchange);
          yield ok(channel(node.pay(ref, amount(body, "amount"))));
        }
        case "close" -> new Answer(202, channel(node.close(ref)));
        default -> new Answer(202, channel(node.dispute(ref)));
      };
    }
    if ((m = CHANNEL.matcher(path)).matches()) {
      requireMethod(method, "GET");
      return ok(channel(node.channel(decode(m.group(1)))));
    }
    if ((m = CONTACT.matcher(path)).matches()) {
      requireMethod(method, "DELETE");
      return ok(contact(node.removeContact(decode(m.group(1)))));
    }
    if ((m = DECISION.matcher(path)).matches()) {
      requireMethod(method, "POST");
      long id;
      try {
        id = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new NodeException(ErrorCode.UNKNOWN_DECISION, "decision IDs are numbers, got \"" + m.group(1) + "\"");
      }
      JsonNode body = body(exchange);
      JsonNode accept = body.get("accept");
      if (accept == null || !accept.isBoolean()) {
        throw new NodeException(ErrorCode.INVALID_REQUEST, "field \"accept\" must be true or false, got " + accept);
      }
      String reason = body.hasNonNull("reason") ? text(body, "reason") : (accept.asBoolean() ? "accepted" : "rejected through the API");
      return ok(decision(node.decide(id, accept.asBoolean(), reason)));
    }
    throw new NodeException(ErrorCode.NOT_FOUND, method + " " + path + " is not an endpoint of the perun API");
  }

  // ---------------------------------------------------------------------------------------------- JSON

  private static ObjectNode json() {
    return HttpJson.MAPPER.createObjectNode();
  }

  private static Answer ok(JsonNode body) {
    return new Answer(200, body);
  }

  /** The JSON of a channel (H). */
  public static ObjectNode channel(ChannelView ch) {
    ObjectNode o = json();
    o.put("id", ch.id().bytes().toHex());
    o.put("peer", ch.peerName().orElse(ch.peer().bytes().toHex()));
    o.put("peerIsContact", ch.peerName().isPresent());
    o.put("peerWireAddress", ch.peer().bytes().toHex());
    o.put("ownIndex", ch.ownIndex());
    o.put("phase", ch.phase().name().toLowerCase(Locale.ROOT));
    o.put("version", ch.version());
    o.put("balance", ch.ourBalance().toString());
    o.put("peerBalance", ch.peerBalance().toString());
    o.put("final", ch.isFinal());
    o.put("settlement", ch.settlement());
    o.put("challengeDuration", ch.challengeDuration());
    return o;
  }

  /** The JSON of a contact (C). */
  public static ObjectNode contact(Contact c) {
    return json().put("name", c.name()).put("wireAddress", c.wireAddressHex()).put("address", c.address().toString());
  }

  /** The JSON of a pending decision (D). */
  public static ObjectNode decision(PendingDecisions.Pending d) {
    ObjectNode o = json();
    o.put("id", d.id());
    o.put("kind", d.kind());
    o.put("expiresAt", d.expiresAt().toString());
    o.setAll(d.details());
    return o;
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    JsonNode body = HttpJson.parse(HttpJson.body(exchange, MAX_BODY));
    if (!body.isObject()) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "the body must be a JSON object");
    }
    return body;
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new NodeException(ErrorCode.METHOD_NOT_ALLOWED, "use " + allowed + " here, not " + method);
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "field \"" + field + "\" must be a string, got " + v);
    }
    return v.asText();
  }

  private static long integer(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "field \"" + field + "\" must be a whole number, got " + v);
    }
    return v.asLong();
  }

  /** An amount: a string or a JSON number holding a whole number; negative ones are left to the node to refuse. */
  private static BigInteger amount(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "field \"" + field + "\" is required: a whole amount such as \"10\"");
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue();
    }
    if (v.isTextual()) {
      try {
        return new BigInteger(v.asText().strip());
      } catch (NumberFormatException e) {
        throw new NodeException(ErrorCode.INVALID_AMOUNT, "field \"" + field + "\" must be a whole amount, got \"" + v.asText() + "\"");
      }
    }
    throw new NodeException(ErrorCode.INVALID_AMOUNT, "field \"" + field + "\" must be a whole amount, got " + v);
  }

  private static long queryLong(Map<String, String> q, String name) {
    try {
      return Long.parseLong(q.get(name));
    } catch (NumberFormatException e) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "query parameter \"" + name + "\" must be a whole number, got \"" + q.get(name) + "\"");
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  /** Stops serving: waits up to a second for answers being written, then closes every connection. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
