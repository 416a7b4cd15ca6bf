// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.PerunException;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.spi.Account;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.FundingRequest;
import network.perun.api.spi.ProgressRequest;
import network.perun.backend.sim.chain.DisputeEvent;
import network.perun.backend.sim.chain.ListenerHandle;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimFunder;
import network.perun.node.http.BodyTooLargeException;
import network.perun.node.http.HttpJson;
import network.perun.node.http.MalformedJsonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link SimChain} served as a small JSON-over-HTTP service on loopback, so that several node processes can
 * share a simulated chain ({@code perun chain}).
 *
 * <p>The endpoints mirror the {@code Funder} and {@code Adjudicator} ports, so each composite step that must be
 * atomic on the chain (deposit the missing part of a share; conclude unless concluded) runs inside the service.
 * Bodies and answers are JSON objects with the values of {@link ChainCodec}.
 *
 * <pre>
 * GET  /time[?until=T&amp;waitMs=M]   {"time":T}        waits up to M ms (at most 30 s) for chain time T
 * POST /advance-time {"seconds":S}   {"time":T}
 * GET  /balance?account=A&amp;asset=X  {"balance":"N"}
 * POST /mint {"account","asset","amount"}              {"balance":"N"}   a genesis allocation, no transaction
 * POST /fund {"channel","params","state","ownIndex","agreement","fundingTimeout"}   {}   deposit, wait until funded
 * POST /register {"request":R,"subChannels":[{"params","state","signatures"}]}      {}
 * POST /withdraw {"request":R}                         {}   conclude if needed (after the timeout), withdraw
 * POST /progress {"request":R,"state","actorIndex","signature"}                      {}
 * GET  /events?channel=C[&amp;after=N&amp;waitMs=M]  {"events":[E],"next":N}   events with index &gt;= after
 * GET  /transactions[?sender=A]      {"count":N}
 *
 * R = {"channel","params","sender","transaction","ownIndex","secondary"}
 * E = {"index","kind":"registered|progressed|concluded","version","timeout","state"[,"signatures"][,"actorIndex"]}
 * error = {"error":"adjudicator|funding-timeout|invalid|not-found|internal","message"[,"channel","missing":{"asset":[idx]}]}
 * </pre>
 *
 * <p>The service authenticates nobody: like the embedded simulated chain, it trusts the sender address in a
 * request. It therefore binds only to a loopback address. It is a development chain, never one for real funds.
 */
public final class ChainService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainService.class);
  private static final int MAX_BODY = 1 << 20;
  private static final long MAX_WAIT_MS = 30_000;

  private final SimChain chain;
  private final int signatureSize;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService ticker;
  private final AtomicLong changes = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ListenerHandle chainListener;
  private final ListenerHandle clockListener;

  private ChainService(SimChain chain, int signatureSize, InetSocketAddress listen, Duration tick) throws IOException {
    this.chain = chain;
    this.signatureSize = signatureSize;
    this.chainListener = chain.addListener(e -> signalChange());
    this.clockListener = chain.clock().addListener(t -> signalChange());
    this.server = HttpServer.create(listen, 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    if (tick.isZero()) {
      ticker = null;
    } else {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-chain-clock");
        t.setDaemon(true);
        return t;
      });
      long ms = tick.toMillis();
      ticker.scheduleAtFixedRate(() -> chain.clock().advance(1), ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Serves {@code chain} on {@code listen}, which must be a loopback address (port 0 picks a free port). With a
   * non-zero {@code tick}, the chain clock advances by one second every {@code tick} of real time; with zero it
   * moves only through {@code /advance-time}.
   *
   * @throws InvalidValueException if {@code listen} is not a loopback address
   * @throws IOException if the port cannot be bound
   */
  public static ChainService start(SimChain chain, int signatureSize, InetSocketAddress listen, Duration tick) throws IOException {
    Objects.requireNonNull(chain, "chain");
    InvalidValueException.check(!listen.isUnresolved() && listen.getAddress().isLoopbackAddress(),
        "the chain service binds to loopback only (it authenticates nobody), got %s", listen);
    InvalidValueException.check(!tick.isNegative(), "the clock tick must not be negative, got %s", tick);
    return new ChainService(chain, signatureSize, listen, tick);
  }

  /** The port the service listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The URL of the service, for a node's {@code chain-url}. */
  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  /** The chain it serves. */
  public SimChain chain() {
    return chain;
  }

  private void signalChange() {
    changes.incrementAndGet();
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code ms} of real time for {@code condition}, re-checking after every chain change or tick. */
  private boolean awaitChange(BooleanSupplier condition, long ms) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(ms, 0), MAX_WAIT_MS));
    while (true) {
      long seen = changes.get();
      if (condition.getAsBoolean()) {
        return true;
      }
      lock.lock();
      try {
        while (changes.get() == seen) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return condition.getAsBoolean();
          }
          changed.awaitNanos(left);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      ObjectNode answer;
      int status = 200;
      try {
        answer = route(exchange);
      } catch (FundingTimeoutException e) {
        status = 422;
        answer = error("funding-timeout", e.getMessage());
        answer.put("channel", e.channelId().bytes().toHex());
        ObjectNode missing = answer.putObject("missing");
        for (Map.Entry<Integer, List<Integer>> m : e.missingByAsset().entrySet()) {
          ArrayNode parts = missing.putArray(Integer.toString(m.getKey()));
          m.getValue().forEach(parts::add);
        }
      } catch (AdjudicatorException e) {
        status = 422;
        answer = error("adjudicator", e.getMessage());
      } catch (NotFound e) {
        status = 404;
        answer = error("not-found", e.getMessage());
      } catch (ChainProtocolException | MalformedJsonException | BodyTooLargeException | InvalidValueException e) {
        status = 400;
        answer = error("invalid", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
        answer = error("internal", "the chain service is stopping");
      } catch (RuntimeException e) {
        LOG.warn("chain service: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        status = 500;
        answer = error("internal", String.valueOf(e.getMessage()));
      }
      HttpJson.send(exchange, status, answer);
    }
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode o = ChainCodec.JSON.objectNode();
    o.put("error", code);
    o.put("message", message);
    return o;
  }

  private ObjectNode route(HttpExchange exchange) throws IOException, InterruptedException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = HttpJson.query(exchange);
    JsonNode body = method.equals("POST") ? HttpJson.parse(HttpJson.body(exchange, MAX_BODY)) : ChainCodec.JSON.objectNode();
    return switch (method + " " + path) {
      case "GET /time" -> time(query);
      case "POST /advance-time" -> advance(body);
      case "GET /balance" -> balance(query);
      case "POST /mint" -> mint(body);
      case "POST /fund" -> fund(body);
      case "POST /register" -> register(body);
      case "POST /withdraw" -> withdraw(body);
      case "POST /progress" -> progress(body);
      case "GET /events" -> events(query);
      case "GET /transactions" -> transactions(query);
      default -> throw new NotFound(method + " " + path + " is not an endpoint of the chain service");
    };
  }

  private ObjectNode time(Map<String, String> query) throws InterruptedException {
    if (query.containsKey("until")) {
      long until = parseLong(query, "until");
      long wait = query.containsKey("waitMs") ? parseLong(query, "waitMs") : 0;
      awaitChange(() -> chain.clock().hasReached(until), wait);
    }
    return ChainCodec.JSON.objectNode().put("time", chain.clock().now());
  }

  private ObjectNode advance(JsonNode body) {
    long seconds = ChainCodec.integer(body, "seconds");
    return ChainCodec.JSON.objectNode().put("time", chain.clock().advance(seconds));
  }

  private ObjectNode balance(Map<String, String> query) {
    ObjectNode q = ChainCodec.JSON.objectNode();
    query.forEach(q::put);
    Address account = ChainCodec.address(q, "account");
    Asset asset = ChainCodec.asset(q, "asset");
    return ChainCodec.JSON.objectNode().put("balance", chain.balanceOf(account, asset).toString());
  }

  private ObjectNode mint(JsonNode body) {
    Address account = ChainCodec.address(body, "account");
    Asset asset = ChainCodec.asset(body, "asset");
    BigInteger amount = ChainCodec.amount(body, "amount");
    chain.mint(account, asset, amount);
    LOG.info("minted {} of {} for {}", amount, asset, account);
    return ChainCodec.JSON.objectNode().put("balance", chain.balanceOf(account, asset).toString());
  }

  private ObjectNode fund(JsonNode body) throws InterruptedException {
    ChannelId channel = ChainCodec.channel(body, "channel");
    Params params = ChainCodec.params(body, "params");
    State state = ChainCodec.state(body, "state");
    int ownIndex = (int) ChainCodec.integer(body, "ownIndex");
    Balances agreement = ChainCodec.balances(body, "agreement");
    long timeout = ChainCodec.integer(body, "fundingTimeout");
    FundingRequest request = new FundingRequest(channel, params, state, ownIndex, agreement);
    new SimFunder(chain, timeout).fund(request);
    return ChainCodec.JSON.objectNode();
  }

  private AdjudicatorRequest request(JsonNode body) {
    JsonNode r = body.get("request");
    if (r == null || !r.isObject()) {
      throw new ChainProtocolException("field \"request\" must be an object");
    }
    ChannelId channel = ChainCodec.channel(r, "channel");
    Params params = ChainCodec.params(r, "params");
    Address sender = ChainCodec.address(r, "sender");
    Transaction tx = ChainCodec.transaction(r, "transaction", signatureSize);
    int ownIndex = (int) ChainCodec.integer(r, "ownIndex");
    boolean secondary = ChainCodec.bool(r, "secondary");
    return new AdjudicatorRequest(channel, params, new Sender(sender), tx, ownIndex, secondary);
  }

  private ObjectNode register(JsonNode body) throws InterruptedException {
    AdjudicatorRequest request = request(body);
    List<SignedState> subs = ChainCodec.signedStates(body, "subChannels");
    new SimAdjudicator(chain).register(request, subs);
    return ChainCodec.JSON.objectNode();
  }

  private ObjectNode withdraw(JsonNode body) throws InterruptedException {
    new SimAdjudicator(chain).withdraw(request(body), Map.of());
    return ChainCodec.JSON.objectNode();
  }

  private ObjectNode progress(JsonNode body) throws InterruptedException {
    AdjudicatorRequest request = request(body);
    State next = ChainCodec.state(body, "state");
    int actor = (int) ChainCodec.integer(body, "actorIndex");
    Signature sig = ChainCodec.signature(body, "signature");
    new SimAdjudicator(chain).progress(new ProgressRequest(request, next, actor, sig));
    return ChainCodec.JSON.objectNode();
  }

  private ObjectNode events(Map<String, String> query) throws InterruptedException {
    ObjectNode q = ChainCodec.JSON.objectNode();
    query.forEach(q::put);
    ChannelId channel = ChainCodec.channel(q, "channel");
    int after = query.containsKey("after") ? (int) Math.max(0, parseLong(query, "after")) : 0;
    long wait = query.containsKey("waitMs") ? parseLong(query, "waitMs") : 0;
    awaitChange(() -> chain.events(channel).size() > after, wait);
    List<DisputeEvent> all = chain.events(channel);
    ObjectNode answer = ChainCodec.JSON.objectNode();
    ArrayNode events = answer.putArray("events");
    for (int i = after; i < all.size(); i++) {
      events.add(event(i, all.get(i)));
    }
    answer.put("next", Math.max(after, all.size()));
    return answer;
  }

  private static ObjectNode event(int index, DisputeEvent e) {
    ObjectNode o = ChainCodec.JSON.objectNode();
    o.put("index", index);
    o.put("version", e.version());
    o.put("timeout", e.timeout());
    switch (e) {
      case DisputeEvent.Registered r -> {
        o.put("kind", "registered");
        o.put("state", ChainCodec.state(r.signedState().state()));
        o.set("signatures", ChainCodec.signatures(r.signedState().signatures()));
      }
      case DisputeEvent.Progressed p -> {
        o.put("kind", "progressed");
        o.put("state", ChainCodec.state(p.state()));
        o.put("actorIndex", p.actorIndex());
      }
      case DisputeEvent.Concluded c -> {
        o.put("kind", "concluded");
        o.put("state", ChainCodec.state(c.state()));
      }
    }
    return o;
  }

  private ObjectNode transactions(Map<String, String> query) {
    long count;
    if (query.containsKey("sender")) {
      ObjectNode q = ChainCodec.JSON.objectNode();
      query.forEach(q::put);
      count = chain.transactionCount(ChainCodec.address(q, "sender"));
    } else {
      count = chain.transactions().size();
    }
    return ChainCodec.JSON.objectNode().put("count", count);
  }

  private static long parseLong(Map<String, String> query, String name) {
    try {
      return Long.parseLong(query.get(name));
    } catch (NumberFormatException e) {
      throw new ChainProtocolException("query parameter \"" + name + "\" must be an integer, got \"" + query.get(name) + "\"");
    }
  }

  /** Stops serving; requests in progress are cut. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    server.stop(0);
    executor.shutdownNow();
    chainListener.close();
    clockListener.close();
  }

  /** The sender of a request: the service holds no keys, and the simulated adjudicator never signs. */
  private record Sender(Address address) implements Account {
    @Override
    public Signature sign(byte[] data) {
      throw new PerunException("the chain service holds no keys: it cannot sign for " + address);
    }
  }

  /** An unknown endpoint. */
  private static final class NotFound extends PerunException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }
}
