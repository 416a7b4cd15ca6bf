// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.backend.eth.EthAddress;

/**
 * The Ethereum JSON-RPC methods this backend uses, typed: blocks, code, calls, gas, nonces, fees, raw
 * transactions, receipts and logs. Quantities are hex numbers ({@code 0x1a}), data is {@code 0x}-prefixed hex.
 * Thread-safe if its {@link JsonRpc} is.
 */
public final class EthRpc implements AutoCloseable {
  /** A block header's fields we read. */
  public record Block(long number, Bytes hash, long timestamp, Optional<BigInteger> baseFee) {}

  /** An event log. */
  public record Log(Address address, List<Bytes> topics, Bytes data, long blockNumber, Bytes blockHash, Bytes transactionHash, int logIndex, boolean removed) {
    public Log {
      topics = List.copyOf(topics);
    }
  }

  /** A transaction receipt. */
  public record Receipt(Bytes transactionHash, boolean success, long blockNumber, Bytes blockHash, long gasUsed, Optional<Address> contractAddress, List<Log> logs) {
    public Receipt {
      logs = List.copyOf(logs);
    }
  }

  private final JsonRpc rpc;
  private final Map<Address, NonceManager> nonces = new java.util.concurrent.ConcurrentHashMap<>();

  public EthRpc(JsonRpc rpc) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
  }

  /** The raw connection, for methods not wrapped here (such as Anvil's {@code evm_mine}). */
  public JsonRpc raw() {
    return rpc;
  }

  /** The nonce manager of {@code account} on this connection: every sender of the account shares it. */
  public NonceManager nonces(Address account) {
    return nonces.computeIfAbsent(account, a -> new NonceManager());
  }

  public BigInteger chainId() {
    return quantity(rpc.call("eth_chainId", List.of()));
  }

  public long blockNumber() {
    return quantity(rpc.call("eth_blockNumber", List.of())).longValueExact();
  }

  /** The latest block. */
  public Block latestBlock() {
    return block("latest").orElseThrow(() -> new RpcException("the node has no latest block", 0, null, true));
  }

  /** Block {@code number}, if the node has it. */
  public Optional<Block> block(long number) {
    return block(toQuantity(BigInteger.valueOf(number)));
  }

  private Optional<Block> block(String tag) {
    JsonNode b = rpc.call("eth_getBlockByNumber", List.of(tag, false));
    if (b.isNull()) {
      return Optional.empty();
    }
    Optional<BigInteger> baseFee = b.hasNonNull("baseFeePerGas") ? Optional.of(quantity(b.get("baseFeePerGas"))) : Optional.empty();
    return Optional.of(new Block(quantity(b.get("number")).longValueExact(), data(b.get("hash")), quantity(b.get("timestamp")).longValueExact(), baseFee));
  }

  /** The runtime code at {@code address} (empty for none). */
  public Bytes code(Address address) {
    return data(rpc.call("eth_getCode", List.of(hex(address), "latest")));
  }

  /** The balance of {@code address} in wei. */
  public BigInteger balance(Address address) {
    return quantity(rpc.call("eth_getBalance", List.of(hex(address), "latest")));
  }

  /** {@code eth_call} of {@code data} to contract {@code to} at the latest block; see {@link #call(Optional, Optional, BigInteger, byte[])}. */
  public Bytes call(Optional<Address> from, Address to, BigInteger value, byte[] data) {
    return call(from, Optional.of(to), value, data);
  }

  /**
   * {@code eth_call} of {@code data} to {@code to} (a contract creation if empty) at the latest block.
   *
   * @throws RpcException if the call reverts (its {@link RpcException#data()} holds the revert data)
   */
  public Bytes call(Optional<Address> from, Optional<Address> to, BigInteger value, byte[] data) {
    return data(rpc.call("eth_call", List.of(txObject(from, to, value, data), "latest")));
  }

  /** {@code eth_estimateGas}; throws like {@link #call} when the transaction would revert. */
  public BigInteger estimateGas(Address from, Optional<Address> to, BigInteger value, byte[] data) {
    return quantity(rpc.call("eth_estimateGas", List.of(txObject(Optional.of(from), to, value, data))));
  }

  /** The nonce of the next transaction of {@code address}, counting pending ones. */
  public BigInteger pendingNonce(Address address) {
    return quantity(rpc.call("eth_getTransactionCount", List.of(hex(address), "pending")));
  }

  /** The suggested priority fee (tip); 1 gwei if the node does not implement {@code eth_maxPriorityFeePerGas}. */
  public BigInteger maxPriorityFee() {
    try {
      return quantity(rpc.call("eth_maxPriorityFeePerGas", List.of()));
    } catch (RpcException e) {
      if (e.isTransient()) {
        throw e;
      }
      return BigInteger.valueOf(1_000_000_000L);
    }
  }

  /** Broadcasts a signed transaction and returns its hash. */
  public Bytes sendRawTransaction(byte[] signed) {
    return data(rpc.call("eth_sendRawTransaction", List.of("0x" + Bytes.wrap(signed).toHex())));
  }

  /** The receipt of a mined transaction; empty while it is pending (or after a reorg dropped it). */
  public Optional<Receipt> receipt(Bytes transactionHash) {
    JsonNode r = rpc.call("eth_getTransactionReceipt", List.of("0x" + transactionHash.toHex()));
    if (r.isNull() || !r.hasNonNull("blockNumber")) {
      return Optional.empty();
    }
    List<Log> logs = new ArrayList<>();
    for (JsonNode l : r.path("logs")) {
      logs.add(log(l));
    }
    return Optional.of(new Receipt(data(r.get("transactionHash")), quantity(r.get("status")).signum() == 1, quantity(r.get("blockNumber")).longValueExact(),
        data(r.get("blockHash")), quantity(r.get("gasUsed")).longValueExact(),
        r.hasNonNull("contractAddress") ? Optional.of(EthAddress.of(data(r.get("contractAddress")).toArray())) : Optional.empty(), logs));
  }

  /** The input (calldata) of a transaction, if the node knows it. */
  public Optional<byte[]> transactionInput(Bytes transactionHash) {
    JsonNode tx = rpc.call("eth_getTransactionByHash", List.of("0x" + transactionHash.toHex()));
    if (tx.isNull()) {
      return Optional.empty();
    }
    JsonNode input = tx.hasNonNull("input") ? tx.get("input") : tx.get("data");
    return Optional.of(data(input).toArray());
  }

  /**
   * The logs of {@code address} in blocks {@code [from, to]} whose first topics match {@code topics} (an empty
   * optional matches anything).
   */
  public List<Log> logs(Address address, List<Optional<Bytes>> topics, long from, long to) {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("address", hex(address));
    filter.put("fromBlock", toQuantity(BigInteger.valueOf(from)));
    filter.put("toBlock", toQuantity(BigInteger.valueOf(to)));
    List<Object> t = new ArrayList<>();
    for (Optional<Bytes> topic : topics) {
      t.add(topic.map(b -> (Object) ("0x" + b.toHex())).orElse(null));
    }
    filter.put("topics", t);
    List<Log> out = new ArrayList<>();
    for (JsonNode l : rpc.call("eth_getLogs", List.of(filter))) {
      out.add(log(l));
    }
    return out;
  }

  private static Log log(JsonNode l) {
    List<Bytes> topics = new ArrayList<>();
    for (JsonNode t : l.path("topics")) {
      topics.add(data(t));
    }
    return new Log(EthAddress.of(data(l.get("address")).toArray()), topics, data(l.get("data")), quantity(l.get("blockNumber")).longValueExact(),
        data(l.get("blockHash")), data(l.get("transactionHash")), quantity(l.get("logIndex")).intValueExact(), l.path("removed").asBoolean(false));
  }

  private static Map<String, Object> txObject(Optional<Address> from, Optional<Address> to, BigInteger value, byte[] data) {
    Map<String, Object> tx = new LinkedHashMap<>();
    from.ifPresent(f -> tx.put("from", hex(f)));
    to.ifPresent(t -> tx.put("to", hex(t)));
    if (value.signum() > 0) {
      tx.put("value", toQuantity(value));
    }
    tx.put("data", "0x" + Bytes.wrap(data).toHex());
    return tx;
  }

  // ---- hex ----

  /** {@code 0x} and the address's 40 hex digits. */
  public static String hex(Address address) {
    return "0x" + Bytes.wrap(EthAddress.bytes(address)).toHex();
  }

  /** A quantity: {@code 0x} and hex digits without leading zeros ({@code 0x0} for zero). */
  public static String toQuantity(BigInteger value) {
    return "0x" + value.toString(16);
  }

  /** A quantity's value. */
  public static BigInteger quantity(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new RpcException("expected a hex quantity, got " + node, 0, null, false);
    }
    String s = node.asText();
    try {
      return new BigInteger(s.startsWith("0x") ? s.substring(2) : s, 16);
    } catch (NumberFormatException e) {
      throw new RpcException("expected a hex quantity, got \"" + s + "\"", 0, null, false);
    }
  }

  /** Hex data's bytes. */
  public static Bytes data(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new RpcException("expected hex data, got " + node, 0, null, false);
    }
    String s = node.asText();
    if (s.length() % 2 != 0) {
      throw new RpcException("hex data has an odd number of digits: \"" + s + "\"", 0, null, false);
    }
    return Bytes.fromHex(s);
  }

  @Override
  public void close() {
    rpc.close();
  }
}
