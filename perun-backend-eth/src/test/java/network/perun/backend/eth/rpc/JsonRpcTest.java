// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.anvil.AnvilFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON-RPC transports against Anvil (HTTP and WebSocket), retries and revert reasons. */
class JsonRpcTest {
  private static AnvilFixture anvil;

  @BeforeAll
  static void start() {
    anvil = AnvilFixture.start();
  }

  @AfterAll
  static void stop() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void httpAndWebSocketAnswerAlike() throws Exception {
    URI http = URI.create(anvil.rpcUrl());
    URI ws = URI.create(anvil.rpcUrl().replace("http://", "ws://"));
    try (EthRpc overHttp = new EthRpc(JsonRpc.connect(http, Duration.ofSeconds(5)));
        EthRpc overWs = new EthRpc(JsonRpc.connect(ws, Duration.ofSeconds(5)))) {
      assertEquals(BigInteger.valueOf(AnvilFixture.CHAIN_ID), overWs.chainId());
      assertEquals(overHttp.blockNumber(), overWs.blockNumber());
      assertEquals(overHttp.balance(EthAddress.of(AnvilFixture.address(1))), overWs.balance(EthAddress.of(AnvilFixture.address(1))));
      try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
        List<Future<BigInteger>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          answers.add(pool.submit(overWs::chainId));
        }
        for (Future<BigInteger> a : answers) {
          assertEquals(BigInteger.valueOf(AnvilFixture.CHAIN_ID), a.get(), "concurrent calls over one WebSocket");
        }
      }
    }
  }

  @Test
  void aRevertingCallCarriesItsReason() {
    try (EthRpc rpc = new EthRpc(JsonRpc.connect(URI.create(anvil.rpcUrl()), Duration.ofSeconds(5)))) {
      // Creation code that reverts with Error("no"): mstore the selector, offset 0x20, length 2 and "no", then revert(0, 0x64).
      byte[] reverting = Bytes.fromHex(
          "7f08c379a000000000000000000000000000000000000000000000000000000000600052602060045260026024527f6e6f00000000000000000000000000000000000000000000000000000000000060445260646000fd").toArray();
      RpcException e = assertThrows(RpcException.class, () -> rpc.call(Optional.empty(), Optional.empty(), BigInteger.ZERO, reverting));
      assertEquals("no", RevertReason.of(e));
    }
  }

  @Test
  void anUnknownSchemeIsRefused() {
    assertThrows(InvalidValueException.class, () -> JsonRpc.connect(URI.create("ftp://127.0.0.1"), Duration.ofSeconds(1)));
  }

  @Test
  void transientFailuresAreRetriedAndOthersAreNot() {
    JsonNode ok = JsonRpc.JSON.getNodeFactory().textNode("0x1");
    FlakyRpc flaky = new FlakyRpc(2, true, ok);
    assertSame(ok, new RetryingJsonRpc(flaky, 3, Duration.ZERO).call("eth_chainId", List.of()));
    assertEquals(3, flaky.calls);

    FlakyRpc broken = new FlakyRpc(5, false, ok);
    assertThrows(RpcException.class, () -> new RetryingJsonRpc(broken, 3, Duration.ZERO).call("eth_call", List.of()));
    assertEquals(1, broken.calls, "a node error is not retried");

    FlakyRpc down = new FlakyRpc(10, true, ok);
    assertThrows(RpcException.class, () -> new RetryingJsonRpc(down, 3, Duration.ZERO).call("eth_chainId", List.of()));
    assertEquals(3, down.calls, "gives up after the attempts");
  }

  @Test
  void revertReasonsDecodeErrorPanicAndCustomErrors() {
    assertEquals(Optional.of("panic 0x11"), RevertReason.decode(Bytes.fromHex("4e487b71" + "00".repeat(31) + "11")));
    assertTrue(RevertReason.decode(Bytes.fromHex("deadbeef")).orElseThrow().startsWith("custom error"));
    assertEquals(Optional.empty(), RevertReason.decode(Bytes.EMPTY));
    assertTrue(RevertReason.decode(Bytes.fromHex("08c379a0" + "ff".repeat(32))).orElseThrow().startsWith("malformed"));
  }

  /** Fails {@code failures} times (transiently or not), then answers. */
  private static final class FlakyRpc implements JsonRpc {
    private final int failures;
    private final boolean transientFailure;
    private final JsonNode answer;
    int calls;

    FlakyRpc(int failures, boolean transientFailure, JsonNode answer) {
      this.failures = failures;
      this.transientFailure = transientFailure;
      this.answer = answer;
    }

    @Override
    public JsonNode call(String method, List<?> params) {
      if (calls++ < failures) {
        throw new RpcException(method + " failed", 0, null, transientFailure);
      }
      return answer;
    }

    @Override
    public void close() {}
  }
}
