// SPDX-License-Identifier: Apache-2.0
package network.perun.node.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.PerunException;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.rpc.EthRpc;

/**
 * The transactions of a chain, block by block: who sent what to whom, the gas it used and the fee its sender
 * paid, read from the blocks and receipts of a JSON-RPC node.
 *
 * <p>Each {@link #scan()} reads the blocks mined since the last one, so the log never misses or repeats a
 * transaction, and sums the fees per sender ({@link #feesPaid(Address)}): a sender's ETH balance plus its fees is
 * what its balance would be without gas. It reads the receipts of the senders it is told to follow only, and
 * assumes the blocks it read are final (as on Anvil, or a few blocks after a deployment). Thread-safe.
 */
public final class TransactionLog {
  /**
   * One mined transaction.
   *
   * @param block its block number
   * @param hash its hash
   * @param from its sender
   * @param to its recipient; empty for a contract creation
   * @param created the contract it created, if any
   * @param selector the first four bytes of its input (empty for a plain transfer or a creation)
   * @param input its input (calldata, or the creation code)
   * @param value the wei it sent
   * @param gasUsed the gas it used
   * @param fee the wei its sender paid for gas ({@code gasUsed * effectiveGasPrice})
   * @param success whether it succeeded
   * @param withdrawn the amounts of the {@code Withdrawn} events it emitted, by receiver
   */
  public record Entry(long block, Bytes hash, Address from, Optional<Address> to, Optional<Address> created, Bytes selector, Bytes input, BigInteger value,
      long gasUsed, BigInteger fee, boolean success, Map<Address, BigInteger> withdrawn) {
    public Entry {
      withdrawn = Map.copyOf(withdrawn);
    }

    /** The name of the Perun or ERC20 function it called, "transfer" for plain ETH, "create" for a creation. */
    public String function() {
      if (to.isEmpty()) {
        return "create";
      }
      if (selector.isEmpty()) {
        return "transfer";
      }
      return FUNCTIONS.getOrDefault(selector, "call " + selector);
    }
  }

  private static final Map<Bytes, String> FUNCTIONS = Map.ofEntries(
      Map.entry(PerunCalls.DEPOSIT, "deposit"),
      Map.entry(PerunCalls.WITHDRAW, "withdraw"),
      Map.entry(PerunCalls.REGISTER, "register"),
      Map.entry(PerunCalls.PROGRESS, "progress"),
      Map.entry(PerunCalls.CONCLUDE, "conclude"),
      Map.entry(PerunCalls.CONCLUDE_FINAL, "concludeFinal"),
      Map.entry(PerunCalls.APPROVE, "approve"),
      Map.entry(PerunCalls.TRANSFER, "transfer"));

  private final EthRpc rpc;
  private final Predicate<Address> senders;
  private final Map<Address, BigInteger> fees = new HashMap<>();
  private long nextBlock;

  /** A log of the transactions of every sender in the blocks from {@code fromBlock} on. */
  public TransactionLog(EthRpc rpc, long fromBlock) {
    this(rpc, fromBlock, sender -> true);
  }

  /** A log of the transactions sent by {@code senders} in the blocks from {@code fromBlock} on. */
  public TransactionLog(EthRpc rpc, long fromBlock, Predicate<Address> senders) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.senders = Objects.requireNonNull(senders, "senders");
    this.nextBlock = fromBlock;
  }

  /** Reads the blocks mined since the last scan and returns their transactions in chain order. */
  public synchronized List<Entry> scan() {
    long head = rpc.blockNumber();
    List<Entry> out = new ArrayList<>();
    for (; nextBlock <= head; nextBlock++) {
      JsonNode block = rpc.raw().call("eth_getBlockByNumber", List.of(EthRpc.toQuantity(BigInteger.valueOf(nextBlock)), true));
      if (block.isNull()) {
        throw new PerunException("the node lost block " + nextBlock + " below its head " + head);
      }
      for (JsonNode tx : block.path("transactions")) {
        if (!senders.test(EthAddress.of(tx.get("from").asText()))) {
          continue;
        }
        Entry entry = entry(nextBlock, tx);
        fees.merge(entry.from(), entry.fee(), BigInteger::add);
        out.add(entry);
      }
    }
    return out;
  }

  /** The last block scanned; the balances to compare with {@link #feesPaid(Address)} are read at this block. */
  public synchronized long scannedTo() {
    return nextBlock - 1;
  }

  /** The total fee {@code sender} paid in the blocks scanned so far. */
  public synchronized BigInteger feesPaid(Address sender) {
    return fees.getOrDefault(sender, BigInteger.ZERO);
  }

  /** The ETH balance of {@code account} at the last scanned block. */
  public synchronized BigInteger balanceAtScan(Address account) {
    return EthRpc.quantity(rpc.raw().call("eth_getBalance", List.of(EthRpc.hex(account), EthRpc.toQuantity(BigInteger.valueOf(scannedTo())))));
  }

  private Entry entry(long blockNumber, JsonNode tx) {
    Bytes hash = EthRpc.data(tx.get("hash"));
    JsonNode receipt = rpc.raw().call("eth_getTransactionReceipt", List.of("0x" + hash.toHex()));
    if (receipt.isNull()) {
      throw new PerunException("the node has no receipt for transaction " + hash + " of block " + blockNumber);
    }
    Optional<Address> to = tx.hasNonNull("to") ? Optional.of(EthAddress.of(tx.get("to").asText())) : Optional.empty();
    Optional<Address> created = receipt.hasNonNull("contractAddress") ? Optional.of(EthAddress.of(receipt.get("contractAddress").asText()))
        : Optional.empty();
    Bytes input = EthRpc.data(tx.hasNonNull("input") ? tx.get("input") : tx.get("data"));
    Bytes selector = to.isPresent() && input.length() >= 4 ? Bytes.of(input.toArray(), 0, 4) : Bytes.EMPTY;
    long gasUsed = EthRpc.quantity(receipt.get("gasUsed")).longValueExact();
    BigInteger price = EthRpc.quantity(receipt.hasNonNull("effectiveGasPrice") ? receipt.get("effectiveGasPrice") : tx.get("gasPrice"));
    Map<Address, BigInteger> withdrawn = new HashMap<>();
    for (JsonNode log : receipt.path("logs")) {
      JsonNode topics = log.path("topics");
      if (topics.size() > 0 && EthRpc.data(topics.get(0)).equals(PerunCalls.WITHDRAWN_TOPIC)) {
        // Withdrawn(bytes32 indexed fundingID, uint256 amount, address receiver): data = amount || receiver
        byte[] data = EthRpc.data(log.get("data")).toArray();
        if (data.length == 64) {
          BigInteger amount = new BigInteger(1, Arrays.copyOfRange(data, 0, 32));
          withdrawn.merge(EthAddress.of(Arrays.copyOfRange(data, 44, 64)), amount, BigInteger::add);
        }
      }
    }
    return new Entry(blockNumber, hash, EthAddress.of(tx.get("from").asText()), to, created, selector, input, EthRpc.quantity(tx.get("value")), gasUsed,
        BigInteger.valueOf(gasUsed).multiply(price), EthRpc.quantity(receipt.get("status")).signum() == 1, withdrawn);
  }
}
