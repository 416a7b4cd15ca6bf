// SPDX-License-Identifier: Apache-2.0
package network.perun.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import network.perun.backend.sim.chain.SimTransaction;
import network.perun.node.chain.EmbeddedSimChain;
import network.perun.node.daemon.InProcessNetwork;
import network.perun.node.daemon.InProcessNetwork.Running;
import network.perun.node.daemon.NodeEvent;
import network.perun.node.http.HttpJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local API over real HTTP, with two in-process nodes on one in-memory transport and one simulated chain: the
 * happy path, and every bad request getting its documented error while nothing changes.
 */
class ApiServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private InProcessNetwork net;
  private Running alice;
  private Running bob;

  record Response(int status, JsonNode body) {
    String code() {
      return body.path("error").path("code").asText();
    }
  }

  @BeforeEach
  void start() throws IOException, InterruptedException {
    net = new InProcessNetwork();
    alice = net.start(dir.resolve("alice"), Map.of());
    bob = net.start(dir.resolve("bob"), Map.of());
    befriend(alice, "bob", bob);
    befriend(bob, "alice", alice);
  }

  @AfterEach
  void stop() {
    if (alice != null) {
      alice.close();
    }
    if (bob != null) {
      bob.close();
    }
    net.close();
  }

  // ---------------------------------------------------------------------------------------------- authentication

  @Test
  void aWrongTokenIs401WithItsCodeAndChangesNothing() throws Exception {
    String id = open(10, 10);
    Response r = send(alice, "POST", "/channels/" + id + "/payments", "{\"amount\":\"1\"}", "wrong-token-0123456789");
    assertEquals(401, r.status());
    assertEquals("unauthorized", r.code());
    assertEquals("0", channel(alice, id).path("version").asText());
    assertEquals(1, call(alice, "GET", "/contacts", null).body().path("contacts").size(), "alice still has exactly bob");
  }

  @Test
  void aMissingTokenIs401EvenForHealthAndMetrics() throws Exception {
    for (String path : List.of("/health", "/metrics", "/channels", "/no-such-endpoint")) {
      Response r = send(alice, "GET", path, null, null);
      assertEquals(401, r.status(), path);
      assertEquals("unauthorized", r.code(), path);
    }
  }

  // ---------------------------------------------------------------------------------------------- bad requests

  @Test
  void malformedJsonIs400AndAddsNoContact() throws Exception {
    Response r = call(alice, "POST", "/contacts", "{\"name\": \"carol\", ");
    assertEquals(400, r.status());
    assertEquals("malformed-json", r.code());
    assertEquals(1, call(alice, "GET", "/contacts", null).body().path("contacts").size());
  }

  @Test
  void aBodyThatIsNotAnObjectOrLacksAFieldIsAnInvalidRequest() throws Exception {
    assertEquals("invalid-request", call(alice, "POST", "/contacts", "[1,2]").code());
    Response r = call(alice, "POST", "/contacts", "{\"name\":\"carol\",\"address\":\"127.0.0.1:1\"}");
    assertEquals(400, r.status());
    assertEquals("invalid-request", r.code());
    assertTrue(r.body().path("error").path("message").asText().contains("wireAddress"), r.body().toString());
  }

  @Test
  void anUnknownChannelIs404() throws Exception {
    String unknown = "ab".repeat(32);
    Response pay = call(alice, "POST", "/channels/" + unknown + "/payments", "{\"amount\":\"1\"}");
    assertEquals(404, pay.status());
    assertEquals("unknown-channel", pay.code());
    assertEquals("unknown-channel", call(alice, "GET", "/channels/" + unknown, null).code());
    assertEquals("invalid-request", call(alice, "GET", "/channels/xyz", null).code());
  }

  @Test
  void aPaymentOverTheBalanceIsRefusedAndNothingChanges() throws Exception {
    String id = open(10, 5);
    Response r = call(alice, "POST", "/channels/" + id + "/payments", "{\"amount\":\"11\"}");
    assertEquals(409, r.status());
    assertEquals("insufficient-funds", r.code());
    assertTrue(r.body().path("error").path("message").asText().contains("11"), r.body().toString());
    assertUnchanged(id, 0, "10", "5");
  }

  @Test
  void negativeZeroAndFractionalAmountsAreInvalidAmountsAndNothingChanges() throws Exception {
    String id = open(10, 5);
    for (String amount : List.of("\"-1\"", "-3", "\"0\"", "\"1.5\"", "2.5", "\"ten\"", "true")) {
      Response r = call(alice, "POST", "/channels/" + id + "/payments", "{\"amount\":" + amount + "}");
      assertEquals(400, r.status(), amount);
      assertEquals("invalid-amount", r.code(), "amount " + amount + ": " + r.body());
    }
    assertUnchanged(id, 0, "10", "5");
  }

  @Test
  void unknownEndpointsAndWrongMethodsHaveTheirCodes() throws Exception {
    assertEquals("not-found", call(alice, "GET", "/nothing-here", null).code());
    Response r = call(alice, "DELETE", "/channels", null);
    assertEquals(405, r.status());
    assertEquals("method-not-allowed", r.code());
  }

  @Test
  void aContactCannotBeAddedTwiceNorUnderABadName() throws Exception {
    String body = "{\"name\":\"bob\",\"wireAddress\":\"" + bob.node().identity().wireAddressHex() + "\",\"address\":\"127.0.0.1:9\"}";
    Response r = call(alice, "POST", "/contacts", body);
    assertEquals(409, r.status());
    assertEquals("contact-exists", r.code());
    assertEquals("invalid-request", call(alice, "POST", "/contacts", "{\"name\":\"Bob!\",\"wireAddress\":\"abcd\",\"address\":\"127.0.0.1:9\"}").code());
    assertEquals("unknown-contact", call(alice, "DELETE", "/contacts/nobody", null).code());
    assertEquals(1, call(alice, "GET", "/contacts", null).body().path("contacts").size());
  }

  @Test
  void openingWithAnUnknownContactOrMoreThanTheOnChainBalanceIsRefused() throws Exception {
    assertEquals("unknown-contact", call(alice, "POST", "/channels", "{\"peer\":\"carol\",\"deposit\":\"1\"}").code());
    Response r = call(alice, "POST", "/channels", "{\"peer\":\"bob\",\"deposit\":\"1000000\"}");
    assertEquals(409, r.status());
    assertEquals("insufficient-funds", r.code());
    assertEquals(0, call(alice, "GET", "/channels", null).body().path("channels").size());
  }

  // ---------------------------------------------------------------------------------------------- the happy path

  @Test
  void openPayBothWaysCloseAndBothWithdrawTheirShare() throws Exception {
    long bobEvents = bob.node().events().lastId();
    String id = open(10, 10);
    assertEquals("acting", channel(alice, id).path("phase").asText());
    assertEquals("alice", channel(bob, id).path("peer").asText());

    assertEquals("7", pay(alice, id, 3).path("balance").asText());
    JsonNode afterBob = pay(bob, id, 5);
    assertEquals("8", afterBob.path("balance").asText());
    assertEquals("12", afterBob.path("peerBalance").asText());
    NodeEvent received = await(bob, bobEvents, "payment-received");
    assertEquals("3", received.data().path("amount").asText());
    assertEquals(id, received.data().path("channel").asText());

    BigInteger aliceBefore = net.chain().balanceOf(alice.node().identity().address(), EmbeddedSimChain.ASSET);
    BigInteger bobBefore = net.chain().balanceOf(bob.node().identity().address(), EmbeddedSimChain.ASSET);
    long aliceEvents = alice.node().events().lastId();
    bobEvents = bob.node().events().lastId();
    Response closed = call(alice, "POST", "/channels/" + id + "/close", "");
    assertEquals(202, closed.status(), closed.body().toString());
    assertTrue(closed.body().path("final").asBoolean());
    await(alice, aliceEvents, "channel-settled");
    await(bob, bobEvents, "channel-settled");
    assertEquals(aliceBefore.add(BigInteger.valueOf(12)), net.chain().balanceOf(alice.node().identity().address(), EmbeddedSimChain.ASSET));
    assertEquals(bobBefore.add(BigInteger.valueOf(8)), net.chain().balanceOf(bob.node().identity().address(), EmbeddedSimChain.ASSET));
    assertEquals("withdrawn", channel(alice, id).path("phase").asText());
    assertEquals("channel-not-open", call(alice, "POST", "/channels/" + id + "/payments", "{\"amount\":\"1\"}").code());
  }

  @Test
  void eventsAreResumableByIdAndLongPollWaits() throws Exception {
    String id = open(10, 0);
    await(bob, 0, "channel-open");
    JsonNode all = call(bob, "GET", "/events?after=0", null).body();
    long last = all.path("last").asLong();
    assertTrue(last > 0, all.toString());
    JsonNode none = call(bob, "GET", "/events?after=" + last, null).body();
    assertEquals(0, none.path("events").size());
    assertEquals(last, none.path("last").asLong());
    pay(alice, id, 2);
    JsonNode next = call(bob, "GET", "/events?after=" + last + "&wait=10", null).body();
    assertTrue(next.path("events").size() >= 1, next.toString());
    for (JsonNode e : next.path("events")) {
      assertTrue(e.path("id").asLong() > last, "every event is after " + last + ": " + e);
    }
    boolean paid = false;
    for (JsonNode e : call(bob, "GET", "/events?after=" + last + "&wait=10", null).body().path("events")) {
      paid |= e.path("type").asText().equals("payment-received");
    }
    assertTrue(paid, "bob's stream shows the payment");
  }

  @Test
  void aPaymentHeldForADecisionGoesThroughOnceAcceptedAndFailsOnceRejected() throws Exception {
    bob.close();
    bob = net.start(dir.resolve("bob2"), Map.of("policy.payments", "ask"));
    befriend(bob, "alice", alice);
    call(alice, "DELETE", "/contacts/bob", null);
    befriend(alice, "bob", bob);
    String id = open(10, 0);

    long events = bob.node().events().lastId();
    AtomicReference<Response> paid = new AtomicReference<>();
    Thread payer = Thread.ofVirtual().start(() -> {
      try {
        paid.set(call(alice, "POST", "/channels/" + id + "/payments", "{\"amount\":\"4\"}"));
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    NodeEvent pending = await(bob, events, "decision-pending");
    JsonNode decisions = call(bob, "GET", "/decisions", null).body().path("decisions");
    assertEquals(1, decisions.size(), decisions.toString());
    assertEquals("payment", decisions.get(0).path("kind").asText());
    assertEquals("4", decisions.get(0).path("amount").asText());
    Response accepted = call(bob, "POST", "/decisions/" + pending.data().path("decision").asLong(), "{\"accept\":true}");
    assertEquals(200, accepted.status(), accepted.body().toString());
    payer.join();
    assertEquals(200, paid.get().status(), paid.get().body().toString());
    assertEquals("4", channel(bob, id).path("balance").asText());

    events = bob.node().events().lastId();
    AtomicReference<Response> refused = new AtomicReference<>();
    Thread second = Thread.ofVirtual().start(() -> {
      try {
        refused.set(call(alice, "POST", "/channels/" + id + "/payments", "{\"amount\":\"1\"}"));
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    pending = await(bob, events, "decision-pending");
    assertEquals(200, call(bob, "POST", "/decisions/" + pending.data().path("decision").asLong(), "{\"accept\":false,\"reason\":\"no thanks\"}").status());
    second.join();
    assertEquals("peer-rejected", refused.get().code(), refused.get().body().toString());
    assertTrue(refused.get().body().path("error").path("message").asText().contains("no thanks"), refused.get().body().toString());
    assertEquals("4", channel(bob, id).path("balance").asText());
    assertEquals("unknown-decision", call(bob, "POST", "/decisions/" + pending.data().path("decision").asLong(), "{\"accept\":true}").code());
  }

  @Test
  void metricsCountUpdatesAndChannelsByPhase() throws Exception {
    String id = open(10, 0);
    pay(alice, id, 1);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(alice.url() + "/metrics")).header("Authorization", "Bearer " + alice.token()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    String text = r.body();
    assertTrue(text.contains("perun_updates_total{direction=\"sent\",result=\"accepted\"} 1.0"), text);
    assertTrue(text.contains("perun_channels{phase=\"acting\"} 1.0"), text);
    assertTrue(text.contains("perun_onchain_operations_total{operation=\"fund\",result=\"ok\"} 1.0"), text);
    assertTrue(text.contains("perun_update_latency_seconds_count"), text);
    assertTrue(text.contains("perun_peers_connected 1.0"), text);
  }

  @Test
  void aForcedDisputeSettlesWithoutThePeerAfterTheChallengePeriod() throws Exception {
    String id = open(10, 10);
    pay(alice, id, 4);
    long aliceEvents = alice.node().events().lastId();
    long bobEvents = bob.node().events().lastId();
    Response r = call(alice, "POST", "/channels/" + id + "/dispute", "");
    assertEquals(202, r.status(), r.body().toString());
    NodeEvent registered = await(alice, aliceEvents, "settle-registered");
    assertEquals(1, registered.data().path("version").asLong());
    await(bob, bobEvents, "chain-registered");
    assertEquals("channel-settling", call(alice, "POST", "/channels/" + id + "/dispute", "").code());
    net.chain().clock().advanceTo(registered.data().path("timeoutAt").asLong());
    await(alice, aliceEvents, "channel-settled");
    await(bob, bobEvents, "channel-settled");
    long concludes = net.chain().transactions().stream().filter(t -> t.kind() == SimTransaction.Kind.CONCLUDE).count();
    assertEquals(1, concludes, "one conclusion between the two: " + net.chain().transactions());
    assertFalse(alice.node().channels().isEmpty());
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private void assertUnchanged(String id, long version, String aliceBalance, String bobBalance) throws Exception {
    JsonNode a = channel(alice, id);
    JsonNode b = channel(bob, id);
    assertEquals(version, a.path("version").asLong(), a.toString());
    assertEquals(version, b.path("version").asLong(), b.toString());
    assertEquals(aliceBalance, a.path("balance").asText());
    assertEquals(bobBalance, a.path("peerBalance").asText());
    assertEquals(bobBalance, b.path("balance").asText());
  }

  private void befriend(Running who, String name, Running other) throws IOException, InterruptedException {
    Response r = call(who, "POST", "/contacts",
        "{\"name\":\"" + name + "\",\"wireAddress\":\"" + other.node().identity().wireAddressHex() + "\",\"address\":\"127.0.0.1:1\"}");
    assertEquals(201, r.status(), r.body().toString());
  }

  private String open(long deposit, long peerDeposit) throws IOException, InterruptedException {
    Response r = call(alice, "POST", "/channels", "{\"peer\":\"bob\",\"deposit\":\"" + deposit + "\",\"peerDeposit\":\"" + peerDeposit + "\"}");
    assertEquals(201, r.status(), r.body().toString());
    return r.body().path("id").asText();
  }

  private JsonNode pay(Running who, String id, long amount) throws IOException, InterruptedException {
    Response r = call(who, "POST", "/channels/" + id + "/payments", "{\"amount\":\"" + amount + "\"}");
    assertEquals(200, r.status(), r.body().toString());
    return r.body();
  }

  private JsonNode channel(Running who, String id) throws IOException, InterruptedException {
    Response r = call(who, "GET", "/channels/" + id, null);
    assertEquals(200, r.status(), r.body().toString());
    return r.body();
  }

  /** The first event of {@code type} after {@code after}, waiting for it up to 20 s. */
  private static NodeEvent await(Running who, long after, String type) throws InterruptedException {
    long seen = after;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (NodeEvent e : who.node().events().after(seen, 1000, Duration.ofSeconds(1))) {
        seen = e.id();
        if (e.type().equals(type)) {
          return e;
        }
      }
    }
    throw new AssertionError("no " + type + " event after " + after + " within 20 s");
  }

  private static Response call(Running who, String method, String path, String body) throws IOException, InterruptedException {
    return send(who, method, path, body, who.token());
  }

  private static Response send(Running who, String method, String path, String body, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(who.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), HttpJson.parse(r.body()));
  }
}
