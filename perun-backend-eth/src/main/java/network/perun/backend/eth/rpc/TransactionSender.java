// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.chain.AdjudicatorException;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.crypto.Keccak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends contract transactions from one account and waits until they are confirmed.
 *
 * <ol>
 *   <li>Pre-flight: {@code eth_call} of the transaction; if it would revert, nothing is sent and a
 *       {@link TransactionRevertedException} carries the revert reason.
 *   <li>Gas: {@code eth_estimateGas} times {@link Settings#gasMargin()}.
 *   <li>Fees (EIP-1559): tip = {@code eth_maxPriorityFeePerGas}, fee cap = 2 x base fee + tip.
 *   <li>Nonce from the account's shared {@link NonceManager}; the signed transaction is broadcast under its lock.
 *   <li>The receipt is awaited up to {@link Settings#receiptTimeout()}, then {@link Settings#confirmations()}
 *       blocks; a receipt that disappears in a reorg is awaited again.
 * </ol>
 *
 * <p>Thread-safe; concurrent sends from one account get consecutive nonces.
 */
public final class TransactionSender {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);

  /**
   * How transactions are sent and awaited.
   *
   * @param confirmations blocks a receipt must be deep (1 = mined)
   * @param receiptTimeout how long to wait for a receipt (wall-clock)
   * @param pollInterval how often to poll for receipts and blocks
   * @param gasMargin the factor applied to the gas estimate, at least 1
   */
  public record Settings(int confirmations, Duration receiptTimeout, Duration pollInterval, double gasMargin) {
    public Settings {
      InvalidValueException.check(confirmations >= 1, "confirmations must be >= 1, got %d", confirmations);
      InvalidValueException.check(gasMargin >= 1.0, "gas margin must be >= 1, got %s", gasMargin);
      Objects.requireNonNull(receiptTimeout, "receiptTimeout");
      Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /** One confirmation, a two-minute receipt timeout, 100 ms polls, 25% gas margin. */
    public static Settings defaults() {
      return new Settings(1, Duration.ofMinutes(2), Duration.ofMillis(100), 1.25);
    }
  }

  private final EthRpc rpc;
  private final BigInteger chainId;
  private final EthAccount account;
  private final Settings settings;
  private final NonceManager nonces;

  public TransactionSender(EthRpc rpc, BigInteger chainId, EthAccount account, Settings settings) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.chainId = Objects.requireNonNull(chainId, "chainId");
    this.account = Objects.requireNonNull(account, "account");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nonces = rpc.nonces(account.address());
  }

  public Address address() {
    return account.address();
  }

  /**
   * Sends {@code data} with {@code value} wei to {@code to} and waits until it is confirmed.
   *
   * @param what a description for messages and logs, such as "register channel 894d215a"
   * @throws TransactionRevertedException if it would revert (then nothing is sent) or reverted
   * @throws AdjudicatorException if it is not mined in time
   */
  public EthRpc.Receipt send(String what, Address to, BigInteger value, byte[] data) throws InterruptedException {
    return send(what, Optional.of(to), value, data);
  }

  /**
   * Deploys a contract with creation code {@code initCode} (constructor arguments appended) and returns its
   * address, once confirmed.
   */
  public Address deploy(String what, byte[] initCode) throws InterruptedException {
    EthRpc.Receipt receipt = send(what, Optional.empty(), BigInteger.ZERO, initCode);
    return receipt.contractAddress().orElseThrow(() -> new AdjudicatorException(what + ": the receipt names no contract address"));
  }

  private EthRpc.Receipt send(String what, Optional<Address> to, BigInteger value, byte[] data) throws InterruptedException {
    Address from = account.address();
    try {
      rpc.call(Optional.of(from), to, value, data);
    } catch (RpcException e) {
      if (e.isTransient()) {
        throw e;
      }
      throw new TransactionRevertedException(what, RevertReason.of(e), false);
    }
    BigInteger gas;
    try {
      gas = new BigDecimal(rpc.estimateGas(from, to, value, data)).multiply(BigDecimal.valueOf(settings.gasMargin())).setScale(0, RoundingMode.CEILING).toBigInteger();
    } catch (RpcException e) {
      if (e.isTransient()) {
        throw e;
      }
      throw new TransactionRevertedException(what, RevertReason.of(e), false);
    }
    BigInteger tip = rpc.maxPriorityFee();
    BigInteger baseFee = rpc.latestBlock().baseFee().orElse(BigInteger.ZERO);
    BigInteger feeCap = baseFee.shiftLeft(1).add(tip);
    Bytes hash = nonces.withNext(() -> rpc.pendingNonce(from), h -> rpc.transactionInput(h).isPresent(), nonce -> {
      byte[] raw = new Eip1559Transaction(chainId, nonce, tip, feeCap, gas, to, value, Bytes.wrap(data)).sign(account);
      Bytes expected = Bytes.wrap(Keccak.keccak256(raw));
      try {
        Bytes sent = rpc.sendRawTransaction(raw);
        LOG.debug("{}: sent {} from {} nonce {} gas {}", what, sent, EthAddress.checksummed(from), nonce, gas);
        return sent;
      } catch (RpcException e) {
        String msg = e.getMessage().toLowerCase(Locale.ROOT);
        if (msg.contains("already known") || msg.contains("already imported")) {
          return expected; // a retried broadcast whose first attempt got through
        }
        if (msg.contains("nonce too low") && rpc.transactionInput(expected).isPresent()) {
          return expected; // ... and was mined before the retry
        }
        throw e;
      }
    });
    EthRpc.Receipt receipt = awaitConfirmed(what, hash);
    if (!receipt.success()) {
      String reason;
      try {
        rpc.call(Optional.of(from), to, value, data);
        reason = "no reason (the call succeeds now; the chain changed in between)";
      } catch (RpcException e) {
        reason = RevertReason.of(e);
      }
      throw new TransactionRevertedException(what + " (tx " + hash + ")", reason, true);
    }
    LOG.info("{}: tx {} confirmed in block {}, gas used {}", what, hash, receipt.blockNumber(), receipt.gasUsed());
    return receipt;
  }

  /** Waits for the receipt of {@code hash} and its confirmations; re-waits if a reorg removes it. */
  private EthRpc.Receipt awaitConfirmed(String what, Bytes hash) throws InterruptedException {
    long deadline = System.nanoTime() + settings.receiptTimeout().toNanos();
    while (true) {
      Optional<EthRpc.Receipt> receipt = rpc.receipt(hash);
      if (receipt.isPresent()) {
        long depth = rpc.blockNumber() - receipt.get().blockNumber() + 1;
        if (depth >= settings.confirmations()) {
          Optional<EthRpc.Block> block = rpc.block(receipt.get().blockNumber());
          if (block.isPresent() && block.get().hash().equals(receipt.get().blockHash())) {
            return receipt.get();
          }
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AdjudicatorException(what + ": tx " + hash + " not confirmed within " + settings.receiptTimeout());
      }
      Thread.sleep(settings.pollInterval().toMillis());
    }
  }

  @Override
  public String toString() {
    return "TransactionSender(" + account + ", chain " + chainId + ")";
  }
}
