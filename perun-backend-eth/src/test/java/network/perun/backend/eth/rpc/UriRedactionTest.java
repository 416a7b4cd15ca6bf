// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import network.perun.api.InvalidValueException;
import org.junit.jupiter.api.Test;

/** RPC endpoints in messages: redacted forms, scrubbed text and causes, and failing calls that keep the secrets. */
class UriRedactionTest {
  private static final List<String> SECRETS = List.of("secret", "KEY123", "KEY456", "user");

  @Test
  void theShownFormIsSchemeHostAndPortWithAMarkForWhatWasDropped() {
    assertEquals("ws://127.0.0.1:8545", UriRedaction.redact(URI.create("ws://127.0.0.1:8545")));
    assertEquals("http://127.0.0.1:8545", UriRedaction.redact(URI.create("http://127.0.0.1:8545/")));
    assertEquals("https://mainnet.example.io/...", UriRedaction.redact(URI.create("https://mainnet.example.io/v3/KEY123")));
    assertEquals("https://h.example:8443/...", UriRedaction.redact(URI.create("https://user:secret@h.example:8443")));
    assertEquals("https://h.example/...", UriRedaction.redact(URI.create("https://h.example?apikey=KEY123")));
    assertEquals("https://h.example/...", UriRedaction.redact(URI.create("https://h.example/#KEY123")));
    assertEquals("mailto://...", UriRedaction.redact(URI.create("mailto:user@KEY123")));
  }

  @Test
  void scrubbedTextQuotesNoPartOfTheEndpointButHostAndPort() {
    URI uri = URI.create("https://user:secret@h.example:8443/v3/KEY123?apikey=KEY456");
    String text = "GET " + uri + " failed; path /v3/KEY123, query apikey=KEY456, login user:secret, password secret";
    String scrubbed = UriRedaction.scrub(text, uri);
    assertTrue(scrubbed.startsWith("GET https://h.example:8443/... failed; "), scrubbed);
    SECRETS.forEach(s -> assertFalse(scrubbed.contains(s), s + " in " + scrubbed));
    assertEquals("no endpoint here", UriRedaction.scrub("no endpoint here", uri));
    assertNull(UriRedaction.scrub((String) null, uri));
  }

  @Test
  void aCauseChainThatQuotesTheEndpointIsCopiedScrubbedAndOneThatDoesNotIsKept() {
    URI uri = URI.create("http://user:secret@127.0.0.1:1/v3/KEY123");
    IOException root = new IOException("cannot reach " + uri);
    ConnectException top = new ConnectException("refused");
    top.initCause(root);
    Throwable scrubbed = UriRedaction.scrub(top, uri);
    String trace = stackTrace(scrubbed);
    SECRETS.forEach(s -> assertFalse(trace.contains(s), s + " in " + trace));
    assertTrue(trace.contains("java.net.ConnectException: refused") && trace.contains("java.io.IOException: cannot reach http://127.0.0.1:1/..."), trace);
    assertEquals(top.getStackTrace().length, scrubbed.getStackTrace().length);

    ConnectException harmless = new ConnectException("refused");
    assertSame(harmless, UriRedaction.scrub(harmless, uri));
  }

  @Test
  void aFailingHttpCallShowsTheEndpointRedacted() throws IOException {
    URI uri = URI.create("http://user:secret@127.0.0.1:" + closedPort() + "/v3/KEY123?apikey=KEY456");
    try (JsonRpc rpc = new RetryingJsonRpc(new HttpJsonRpc(uri, Duration.ofSeconds(5)), 2, Duration.ZERO)) {
      RpcException e = assertThrows(RpcException.class, () -> rpc.call("eth_chainId", List.of()));
      assertRedacted(e, uri);
      assertTrue(e.getMessage().startsWith("eth_chainId to http://127.0.0.1:" + uri.getPort() + "/... failed: "), e.getMessage());
      assertFalse(rpc.toString().contains("secret") || rpc.toString().contains("KEY123"), rpc.toString());
    }
  }

  @Test
  void aFailingWebSocketCallShowsTheEndpointRedacted() throws IOException {
    URI uri = URI.create("ws://user:secret@127.0.0.1:" + closedPort() + "/v3/KEY123?apikey=KEY456");
    try (JsonRpc rpc = new RetryingJsonRpc(new WebSocketJsonRpc(uri, Duration.ofSeconds(5)), 2, Duration.ZERO)) {
      RpcException e = assertThrows(RpcException.class, () -> rpc.call("eth_chainId", List.of()));
      assertRedacted(e, uri);
      assertTrue(e.getMessage().startsWith("eth_chainId over ws://127.0.0.1:" + uri.getPort() + "/... "), e.getMessage());
    }
  }

  @Test
  void anEndpointOfAnUnknownSchemeIsRefusedRedacted() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> JsonRpc.connect(URI.create("ftp://user:secret@h.example/KEY123"), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("got \"ftp://h.example/...\""), e.getMessage());
  }

  private static void assertRedacted(RpcException e, URI uri) {
    String trace = stackTrace(e);
    for (String secret : SECRETS) {
      assertFalse(e.getMessage().contains(secret), secret + " in the message: " + e.getMessage());
      assertFalse(trace.contains(secret), secret + " in the stack trace of " + uri.getScheme() + ": " + trace);
    }
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** A port nothing listens on: one the OS just handed out and that was closed again. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
