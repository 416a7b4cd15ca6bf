// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import network.perun.api.Phase;
import network.perun.node.chain.ChainTransaction;

/**
 * The node's Prometheus metrics (Micrometer), served at {@code /metrics}:
 *
 * <pre>
 * perun_updates_total{direction="sent|received",result="accepted|rejected|failed"}   channel updates (payments, finals)
 * perun_update_latency_seconds{...}                   time from proposing an update to having it fully signed
 * perun_channels{phase="acting|final|..."}             channels this node tracks, by phase
 * perun_onchain_operations_total{operation="fund|register|withdraw|progress",result="ok|error"}
 *                                                      funder and adjudicator calls (each sends zero or more transactions)
 * perun_onchain_transactions_total{operation,result="ok|reverted"}   transactions the node sent, counted when mined
 * perun_onchain_gas_used_total{operation}              the gas they used
 * perun_onchain_fees_wei_total{operation}              what they cost: gas used times effective gas price, in wei
 * perun_peers_connected                                contacts with a live transport connection
 * perun_events_total                                   events appended to the event stream
 * </pre>
 *
 * <p>Transactions, gas and fees come from the receipts of an Ethereum chain (a simulated chain has none); the
 * operation is the funder or adjudicator call that sent them ({@code other} for none).
 *
 * <p>Gauges hold their sources strongly (Micrometer's default is weak, which turns a lambda's gauge into NaN after
 * the next garbage collection).
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer updateLatency = Timer.builder("perun.update.latency").description("Time from proposing an update to having it fully signed")
      .publishPercentiles(0.5, 0.99).register(registry);
  private final Counter events = Counter.builder("perun.events").description("Events appended to the event stream").register(registry);

  /** Counts a sent or received update with its result. */
  public void update(String direction, String result) {
    Counter.builder("perun.updates").description("Channel updates by direction and result").tag("direction", direction).tag("result", result)
        .register(registry).increment();
  }

  /** Records the latency of one of our updates. */
  public void updateLatency(Duration d) {
    updateLatency.record(d);
  }

  /** Counts an on-chain operation (each sends at most a few transactions) with its result. */
  public void onChain(String operation, String result) {
    Counter.builder("perun.onchain.operations").description("Funder and adjudicator calls by kind and result").tag("operation", operation)
        .tag("result", result).register(registry).increment();
  }

  /** Counts a mined transaction of {@code operation} with its gas and fee. */
  public void transaction(String operation, ChainTransaction tx) {
    Counter.builder("perun.onchain.transactions").description("Transactions the node sent, counted when mined").tag("operation", operation)
        .tag("result", tx.success() ? "ok" : "reverted").register(registry).increment();
    Counter.builder("perun.onchain.gas.used").description("Gas used by the node's transactions").tag("operation", operation).register(registry)
        .increment(tx.gasUsed());
    Counter.builder("perun.onchain.fees.wei").description("Fees the node paid for its transactions, in wei").tag("operation", operation).register(registry)
        .increment(tx.fee().doubleValue());
  }

  /** Counts an appended event. */
  public void event() {
    events.increment();
  }

  /** Registers the gauge of channels per phase, read from {@code countByPhase} at every scrape. */
  public <T> void channels(T source, java.util.function.BiFunction<T, Phase, Integer> countByPhase) {
    for (Phase phase : Phase.values()) {
      ToDoubleFunction<T> f = s -> countByPhase.apply(s, phase);
      Gauge.builder("perun.channels", source, f).description("Channels by phase").tag("phase", phase.name().toLowerCase(Locale.ROOT))
          .strongReference(true).register(registry);
    }
  }

  /** Registers the gauge of connected peers, read from {@code connected} at every scrape. */
  public void peersConnected(Supplier<Integer> connected) {
    Gauge.builder("perun.peers.connected", connected, s -> s.get()).description("Contacts with a live transport connection").strongReference(true)
        .register(registry);
  }

  /** The metrics in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }
}
