// SPDX-License-Identifier: Apache-2.0
package network.perun.node.demo;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import network.perun.node.PerunCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perun demo}: two clients, Alice and Bob, open a channel on the embedded simulated chain (or, with
 * {@code --chain anvil}, on a local Anvil the demo starts and stops), pay each other off chain and settle; every
 * step is printed, and with {@code --json} the last line sums it up.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Opens a channel between Alice and Bob on the embedded simulated chain, sends payments both ways",
      "off chain, and settles. Exits 0 only if each party withdrew exactly what the final state says.",
      "With --chain anvil it starts a local Anvil (installed by `npm ci` in",
      "perun-backend-eth/contracts, or $PERUN_ANVIL), deploys the Perun contracts, plays",
      "the same story on the Ethereum backend in mETH (1 mETH = 10^15 wei), printing",
      "each transaction with its gas, and stops Anvil again."
    })
public final class DemoCommand implements Callable<Integer> {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "End with one JSON line summing up deposits, payments and withdrawals.")
  boolean json;

  @Option(names = "--dispute", description = "Bob goes silent after the payments; Alice settles alone by dispute.")
  boolean dispute;

  @Option(names = "--cheat", description = "Bob registers a stale state; Alice's watcher refutes it.")
  boolean cheat;

  @Option(names = "--transport", defaultValue = "tcp", description = "How Alice and Bob talk: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  DemoTransport transport;

  @Option(names = "--chain", defaultValue = "sim", description = "The chain: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  DemoChainKind chain;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (dispute && cheat) {
      spec.commandLine().getErr().println("perun demo: choose --dispute or --cheat, not both");
      return PerunCli.EXIT_USAGE;
    }
    Scenario scenario = dispute ? Scenario.DISPUTE : cheat ? Scenario.CHEAT : Scenario.PAYMENT;
    DemoReport report;
    try (DemoChain demoChain = chain.start(); DemoWorld world = new DemoWorld(out, transport, demoChain)) {
      report = world.run(scenario);
    }
    if (json) {
      out.println(Json.write(report.toJson()));
    }
    out.flush();
    return report.balancesAddUp() ? PerunCli.EXIT_OK : PerunCli.EXIT_FAILURE;
  }

  /** The demo's story. */
  enum Scenario {
    PAYMENT("payment"),
    DISPUTE("dispute"),
    CHEAT("cheat");

    final String jsonName;

    Scenario(String jsonName) {
      this.jsonName = jsonName;
    }
  }

  /** The chain the demo plays on. */
  public enum DemoChainKind {
    /** The embedded simulated chain. */
    sim,
    /** A local Anvil that the demo starts and stops, with the Ethereum backend. */
    anvil;

    DemoChain start() throws InterruptedException {
      return switch (this) {
        case sim -> new SimDemoChain();
        case anvil -> AnvilDemoChain.start();
      };
    }
  }

  /** The transport between the demo's two clients. */
  public enum DemoTransport {
    tcp,
    memory
  }

  /** What happened, for the JSON line and the exit code. */
  record DemoReport(Scenario scenario, BigInteger aliceDeposit, BigInteger bobDeposit, List<Payment> payments, BigInteger aliceWithdrew,
      BigInteger bobWithdrew, BigInteger expectedAlice, BigInteger expectedBob) {

    boolean balancesAddUp() {
      return aliceWithdrew.equals(expectedAlice) && bobWithdrew.equals(expectedBob)
          && aliceWithdrew.add(bobWithdrew).equals(aliceDeposit.add(bobDeposit));
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenario", scenario.jsonName);
      m.put("deposits", Map.of("alice", aliceDeposit.toString(), "bob", bobDeposit.toString()).entrySet().stream()
          .sorted(Map.Entry.comparingByKey()).collect(LinkedHashMap::new, (map, e) -> map.put(e.getKey(), e.getValue()), Map::putAll));
      List<Object> pays = new ArrayList<>();
      for (Payment p : payments) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("from", p.from());
        pm.put("to", p.to());
        pm.put("amount", p.amount().toString());
        pays.add(pm);
      }
      m.put("payments", pays);
      Map<String, Object> fin = new LinkedHashMap<>();
      fin.put("alice", aliceWithdrew.toString());
      fin.put("bob", bobWithdrew.toString());
      m.put("final", fin);
      return m;
    }
  }

  /** One off-chain payment of the demo. */
  record Payment(String from, String to, BigInteger amount) {}
}
