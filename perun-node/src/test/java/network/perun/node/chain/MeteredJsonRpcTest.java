// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.perun.api.Bytes;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.backend.eth.rpc.RpcException;
import org.junit.jupiter.api.Test;

/** The receipts of the node's own transactions are reported once each, with gas and fee; nobody else's are. */
class MeteredJsonRpcTest {
  /** A node that answers receipts from a map and fails broadcasts on request. */
  private static final class FakeNode implements JsonRpc {
    final Map<String, JsonNode> receipts = new HashMap<>();
    String broadcastError;

    @Override
    public JsonNode call(String method, List<?> params) {
      return switch (method) {
        case "eth_sendRawTransaction" -> {
          if (broadcastError != null) {
            throw new RpcException(broadcastError, -32000, null, false);
          }
          yield JSON.getNodeFactory().textNode(hashOf((String) params.get(0)));
        }
        case "eth_getTransactionReceipt" -> receipts.getOrDefault((String) params.get(0), JSON.nullNode());
        default -> JSON.nullNode();
      };
    }

    @Override
    public void close() {}
  }

  private static String hashOf(String raw) {
    return "0x" + Bytes.wrap(Keccak.keccak256(Bytes.fromHex(raw).toArray())).toHex();
  }

  private static ObjectNode receipt(String hash, int status, long gasUsed, long price) {
    return JsonRpc.JSON.createObjectNode().put("transactionHash", hash).put("blockNumber", "0x5").put("status", "0x" + status)
        .put("gasUsed", "0x" + Long.toHexString(gasUsed)).put("effectiveGasPrice", "0x" + Long.toHexString(price));
  }

  @Test
  void reportsEachOwnTransactionOnceWhenItsReceiptArrives() {
    FakeNode node = new FakeNode();
    MeteredJsonRpc rpc = new MeteredJsonRpc(node);
    List<ChainTransaction> seen = new ArrayList<>();
    rpc.onTransaction(seen::add);

    String ours = hashOf("0x02aa01");
    String theirs = "0x" + "ab".repeat(32);
    rpc.call("eth_sendRawTransaction", List.of("0x02aa01"));
    rpc.call("eth_getTransactionReceipt", List.of(ours));
    assertEquals(List.of(), seen, "not mined yet");
    node.receipts.put(ours, receipt(ours, 1, 21_000, 2_000_000_000L));
    node.receipts.put(theirs, receipt(theirs, 1, 50_000, 1));
    rpc.call("eth_getTransactionReceipt", List.of(ours));
    rpc.call("eth_getTransactionReceipt", List.of(ours));
    rpc.call("eth_getTransactionReceipt", List.of(theirs));

    assertEquals(List.of(new ChainTransaction(ours, true, 21_000, BigInteger.valueOf(42_000_000_000_000L))), seen);
  }

  @Test
  void aRevertedTransactionCountsAndAFailedBroadcastIsForgottenUnlessAnEarlierOneGotThrough() {
    FakeNode node = new FakeNode();
    MeteredJsonRpc rpc = new MeteredJsonRpc(node);
    List<ChainTransaction> seen = new ArrayList<>();
    rpc.onTransaction(seen::add);

    node.broadcastError = "insufficient funds for gas * price + value";
    assertThrows(RpcException.class, () -> rpc.call("eth_sendRawTransaction", List.of("0x02bb")));
    node.broadcastError = "already known";
    assertThrows(RpcException.class, () -> rpc.call("eth_sendRawTransaction", List.of("0x02cc")));
    String refused = hashOf("0x02bb");
    String known = hashOf("0x02cc");
    node.receipts.put(refused, receipt(refused, 1, 1, 1));
    node.receipts.put(known, receipt(known, 0, 30_000, 3));
    rpc.call("eth_getTransactionReceipt", List.of(refused));
    rpc.call("eth_getTransactionReceipt", List.of(known));

    assertEquals(List.of(new ChainTransaction(known, false, 30_000, BigInteger.valueOf(90_000))), seen);
  }
}
