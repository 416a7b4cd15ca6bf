// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.node.PerunCli;
import network.perun.node.chain.ChainService;
import network.perun.node.config.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perun chain}: one simulated chain served on loopback, for several nodes to share. */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a simulated chain as a JSON-over-HTTP service on loopback, so that nodes in separate processes share one",
      "chain (set chain-url in their configuration). A development chain: it authenticates nobody and mints on request."
    })
public final class ChainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7152",
      description = "Where to listen; a loopback address only (default ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--tick-ms", paramLabel = "MS", defaultValue = "1000",
      description = "The chain clock advances one second every MS milliseconds; 0 freezes it (default ${DEFAULT-VALUE}).")
  long tickMs;

  @Override
  public Integer call() throws Exception {
    SimBackend backend = new SimBackend();
    SimChain chain = new SimChain(backend.channelBackend(), new SimClock());
    ChainService service = ChainService.start(chain, backend.walletBackend().signatureSize(), HostPort.parse(listen, "--listen").socketAddress(),
        Duration.ofMillis(tickMs));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "perun-chain-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("simulated chain serving at " + service.url() + (tickMs == 0 ? " (clock frozen)" : " (1 chain second every " + tickMs + " ms)"));
    out.println("  use it with:  chain-url = \"" + service.url() + "\"");
    out.flush();
    stopped.await();
    return PerunCli.EXIT_OK;
  }
}
