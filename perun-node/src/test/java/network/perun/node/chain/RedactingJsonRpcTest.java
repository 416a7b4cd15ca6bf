// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.backend.eth.rpc.RpcException;
import org.junit.jupiter.api.Test;

/** RPC errors keep everything but the endpoint's path and query, where providers put API keys. */
class RedactingJsonRpcTest {
  private static final URI ENDPOINT = URI.create("https://eth.example.org:8443/v3/KEY123?token=abc");

  private static JsonRpc failing(RpcException e) {
    return new JsonRpc() {
      @Override
      public JsonNode call(String method, List<?> params) {
        throw e;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void anErrorNamingTheEndpointKeepsCodeDataTransienceAndCauseButNotTheKey() {
    RpcException original = new RpcException("eth_call to " + ENDPOINT + ": HTTP 503", 503, "0xdead", true);
    ConnectException cause = new ConnectException("refused");
    original.initCause(cause);
    RpcException e = assertThrows(RpcException.class, () -> new RedactingJsonRpc(failing(original), ENDPOINT).call("eth_call", List.of()));

    assertEquals("eth_call to https://eth.example.org:8443/...: HTTP 503", e.getMessage());
    assertEquals(503, e.code());
    assertEquals(Optional.of("0xdead"), e.data());
    assertEquals(true, e.isTransient());
    assertSame(cause, e.getCause());
  }

  @Test
  void anErrorThatDoesNotNameTheEndpointPassesUnchanged() {
    RpcException revert = new RpcException("execution reverted: no", 3, "0x08c379a0", false);
    assertSame(revert, assertThrows(RpcException.class, () -> new RedactingJsonRpc(failing(revert), ENDPOINT).call("eth_call", List.of())));
  }
}
