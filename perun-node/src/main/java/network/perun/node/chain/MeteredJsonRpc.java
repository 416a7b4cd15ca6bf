// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import network.perun.api.Bytes;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.backend.eth.rpc.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-RPC connection that reports the receipts of the transactions sent through it, so the node can count its
 * transactions, gas and fees.
 *
 * <pre>
 * eth_sendRawTransaction [raw]      remembers keccak256(raw), the transaction's hash, before it is sent
 * eth_getTransactionReceipt [hash]  a mined receipt of a remembered hash is reported once and forgotten:
 *                                   ChainTransaction(hash, status == 1, gasUsed, gasUsed * effectiveGasPrice)
 * </pre>
 *
 * <p>The report runs on the thread that asked for the receipt: the thread that sent the transaction and now awaits
 * it. A broadcast that fails for a reason other than "already known" or "nonce too low" (which mean that an
 * earlier attempt got through) is forgotten at once. Thread-safe.
 */
final class MeteredJsonRpc implements JsonRpc {
  private static final Logger LOG = LoggerFactory.getLogger(MeteredJsonRpc.class);
  private final JsonRpc delegate;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private volatile Consumer<ChainTransaction> listener = tx -> { };

  MeteredJsonRpc(JsonRpc delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Reports mined transactions to {@code listener} from now on (replacing the previous one). */
  void onTransaction(Consumer<ChainTransaction> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public JsonNode call(String method, List<?> params) {
    if (method.equals("eth_sendRawTransaction") && params.size() == 1 && params.get(0) instanceof String raw) {
      String hash = "0x" + Bytes.wrap(Keccak.keccak256(Bytes.fromHex(raw).toArray())).toHex();
      sent.add(hash);
      try {
        return delegate.call(method, params);
      } catch (RpcException e) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (!msg.contains("already known") && !msg.contains("already imported") && !msg.contains("nonce too low")) {
          sent.remove(hash);
        }
        throw e;
      }
    }
    JsonNode result = delegate.call(method, params);
    if (method.equals("eth_getTransactionReceipt") && result.isObject() && result.hasNonNull("blockNumber")) {
      String hash = result.path("transactionHash").asText().toLowerCase(Locale.ROOT);
      if (sent.remove(hash)) {
        long gasUsed = EthRpc.quantity(result.get("gasUsed")).longValueExact();
        BigInteger price = result.hasNonNull("effectiveGasPrice") ? EthRpc.quantity(result.get("effectiveGasPrice")) : BigInteger.ZERO;
        boolean success = result.hasNonNull("status") && EthRpc.quantity(result.get("status")).signum() == 1;
        ChainTransaction tx = new ChainTransaction(hash, success, gasUsed, price.multiply(BigInteger.valueOf(gasUsed)));
        try {
          listener.accept(tx);
        } catch (RuntimeException e) {
          LOG.warn("reporting transaction {} failed: {}", hash, e.toString());
        }
      }
    }
    return result;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
