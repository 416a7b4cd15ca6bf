// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.ChannelId;
import network.perun.api.SignedState;
import network.perun.api.chain.AdjudicatorEvent;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.SubscriptionClosedException;
import network.perun.backend.eth.PerunCalldata;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.abi.AbiDecodingException;
import network.perun.backend.eth.abi.AbiReader;
import network.perun.backend.eth.rpc.EthRpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to one channel's {@code ChannelUpdate} events, polled with {@code eth_getLogs} (so it works over
 * plain HTTP): first the most recent past event, then every later one, in order. Whether there is a past event
 * at all comes from the {@code disputes} getter, so an old registration is found however far back it lies.
 *
 * <p>An event is delivered only once its block is {@link EthChain.Settings#confirmations()} deep and still on the
 * canonical chain (its block hash is re-checked), so a log removed by a reorg is never delivered. Registered and
 * progressed events carry the state decoded from the transaction's calldata; an event whose transaction cannot be
 * decoded (a register made through another contract) is logged and skipped.
 */
final class EthSubscription implements AdjudicatorSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(EthSubscription.class);
  /** The most blocks one {@code eth_getLogs} covers (providers limit the range). */
  static final long CHUNK = 5_000;

  private final EthChain chain;
  private final ChannelId channelId;
  private final ArrayDeque<AdjudicatorEvent> queue = new ArrayDeque<>();
  private long nextBlock;
  private boolean closed;

  EthSubscription(EthChain chain, ChannelId channelId) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.channelId = Objects.requireNonNull(channelId, "channelId");
    long safe = safeHead();
    if (chain.dispute(channelId).isPresent()) {
      latestPastEvent(safe).ifPresent(queue::add);
    }
    nextBlock = Math.max(safe + 1, chain.settings().fromBlock());
  }

  /**
   * The newest event up to block {@code safe}, searched backwards in chunks of {@value #CHUNK} blocks down to
   * {@link EthChain.Settings#fromBlock()}: only called for a registered channel (the {@code disputes} getter says
   * so), so the search ends at its latest event however old it is.
   */
  private Optional<AdjudicatorEvent> latestPastEvent(long safe) {
    for (long to = safe; to >= chain.settings().fromBlock(); to -= CHUNK) {
      List<EthRpc.Log> past = logs(Math.max(chain.settings().fromBlock(), to - CHUNK + 1), to);
      for (int i = past.size() - 1; i >= 0; i--) {
        Optional<AdjudicatorEvent> event = convert(past.get(i));
        if (event.isPresent()) {
          return event;
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<AdjudicatorEvent> next(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    while (true) {
      if (closed) {
        throw new SubscriptionClosedException("subscription to channel " + channelId.shortHex());
      }
      if (queue.isEmpty()) {
        poll();
      }
      AdjudicatorEvent event = queue.poll();
      if (event != null) {
        return Optional.of(event);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, Math.min(chain.settings().pollInterval().toMillis(), left / 1_000_000)));
    }
  }

  /** Fetches confirmed logs from {@code nextBlock}, stopping before the first one whose block left the chain. */
  private void poll() {
    long safe = Math.min(safeHead(), nextBlock + CHUNK - 1);
    if (safe < nextBlock) {
      return;
    }
    for (EthRpc.Log log : logs(nextBlock, safe)) {
      if (!isCanonical(log)) {
        nextBlock = log.blockNumber(); // reorged: look at this block again later
        return;
      }
      convert(log).ifPresent(queue::add);
    }
    nextBlock = safe + 1;
  }

  private boolean isCanonical(EthRpc.Log log) {
    return !log.removed() && chain.rpc().block(log.blockNumber()).map(b -> b.hash().equals(log.blockHash())).orElse(false);
  }

  private long safeHead() {
    return chain.rpc().blockNumber() - chain.settings().confirmations() + 1;
  }

  private List<EthRpc.Log> logs(long from, long to) {
    if (to < from) {
      return List.of();
    }
    return chain.rpc().logs(chain.adjudicatorAddress(), List.of(Optional.of(PerunCalls.CHANNEL_UPDATE_TOPIC), Optional.of(channelId.bytes())), from, to);
  }

  /** The event a {@code ChannelUpdate(channelID, version, phase, timeout)} log stands for. */
  private Optional<AdjudicatorEvent> convert(EthRpc.Log log) {
    try {
      AbiReader data = new AbiReader(log.data().toArray());
      long version = data.uintAsLong(0, "version");
      Dispute.Phase phase = Dispute.Phase.ofCode(data.uintAsInt(32, 255, "phase"));
      long timeout = data.uintAsLong(64, "timeout");
      return switch (phase) {
        case CONCLUDED -> Optional.of(new AdjudicatorEvent.Concluded(channelId, version, chain.timeout(timeout)));
        case DISPUTE -> input(log).map(PerunCalldata::decodeRegister).flatMap(call -> call.find(channelId))
            .map(s -> registered(s, version, timeout));
        case FORCEEXEC -> input(log).map(PerunCalldata::decodeProgress)
            .map(p -> new AdjudicatorEvent.Progressed(channelId, version, chain.timeout(timeout), p.newState(), p.actorIndex()));
      };
    } catch (AbiDecodingException e) {
      LOG.warn("channel {}: cannot read the ChannelUpdate of tx {}: {}", channelId.shortHex(), log.transactionHash(), e.getMessage());
      return Optional.empty();
    }
  }

  private AdjudicatorEvent registered(SignedState s, long version, long timeout) {
    return new AdjudicatorEvent.Registered(channelId, version, chain.timeout(timeout), s.state(), s.signatures());
  }

  private Optional<byte[]> input(EthRpc.Log log) {
    return chain.rpc().transactionInput(log.transactionHash());
  }

  private static long saturatedNanos(Duration d) {
    try {
      return Math.max(0, d.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
    notifyAll();
  }

  @Override
  public String toString() {
    return "EthSubscription(" + channelId.shortHex() + ")";
  }
}
