// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import network.perun.backend.eth.crypto.Secp256k1;
import network.perun.node.PerunCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perun bench}: the end-to-end benchmark of off-chain updates between two clients over TCP+TLS on loopback
 * with LevelDB persistence, Ethereum signatures and the simulated chain; or, with {@code --restore N}, the time
 * and heap of restoring N channels from LevelDB.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures off-chain updates between two clients in this JVM: TCP+TLS on loopback, LevelDB persistence,",
      "Ethereum (secp256k1, ABI) signatures, simulated chain. Reports updates/s, latency percentiles, the raw",
      "crypto limit measured in the same run, and the efficiency (updates/s / crypto limit).",
      "With --restore N: writes N channels to a LevelDB store and measures Client.restore() (time, heap)."
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--channels", defaultValue = "100",
      description = "Channels updated at once (1: sequential updates of one channel; default ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--updates", description = "Measured updates in total (default: 2000 with 1 channel, 10000 otherwise).")
  Optional<Integer> updates;

  @Option(names = "--warmup", description = "Updates before measuring (default: 500 with 1 channel, 3000 otherwise).")
  Optional<Integer> warmup;

  @Option(names = "--durability", defaultValue = "sync",
      description = "Persistence: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; none = no store, a baseline).")
  BenchDurability durability;

  @Option(names = "--crypto-seconds", defaultValue = "2", description = "Seconds each for measuring signs and recoveries (default ${DEFAULT-VALUE}).")
  double cryptoSeconds;

  @Option(names = "--restore", description = "Instead: write N channels to LevelDB and measure restoring them.")
  Optional<Integer> restore;

  @Option(names = "--dir", description = "Directory for the LevelDB stores (default: a temporary one, deleted afterwards).")
  Optional<Path> dir;

  @Option(names = "--json", description = "Print one JSON object instead of the text report.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (channels < 1 || restore.map(n -> n < 1).orElse(false) || updates.map(n -> n < 1).orElse(false) || warmup.map(n -> n < 0).orElse(false)
        || !(cryptoSeconds > 0)) {
      err.println("perun bench: --channels, --updates and --restore must be at least 1, --warmup at least 0, --crypto-seconds above 0");
      return PerunCli.EXIT_USAGE;
    }
    Path work = dir.isPresent() ? Files.createDirectories(dir.get()) : Files.createTempDirectory("perun-bench-");
    try {
      if (restore.isPresent()) {
        return restore(out, work, restore.get());
      }
      return updates(out, work);
    } finally {
      if (dir.isEmpty()) {
        deleteRecursively(work);
      }
    }
  }

  private int updates(PrintWriter out, Path work) throws InterruptedException {
    int measured = updates.orElse(channels == 1 ? 2000 : 10_000);
    int warm = warmup.orElse(channels == 1 ? 500 : 3000);
    if (!json) {
      out.printf("perun bench: %d channel%s, %d updates after %d warm-up updates%n", channels, channels == 1 ? " (sequential updates)" : "s updated at once",
          measured, warm);
      out.printf("   nodes        Alice and Bob in this JVM, TCP+TLS 1.3 on loopback%n");
      out.printf("   signatures   Ethereum: secp256k1 (%s) over EIP-191(keccak256(abi.encode(state))); simulated chain%n", Secp256k1.get().name());
      out.printf("   persistence  %s%n", durability.description);
      out.printf("   machine      %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(), cpuModel(), Runtime.version());
      out.flush();
    }
    UpdateBench.Result r = UpdateBench.run(work, durability, channels, warm, measured);
    int threads = channels == 1 ? 1 : Math.min(channels, Runtime.getRuntime().availableProcessors());
    CryptoLimit crypto = CryptoLimit.measure(threads, Duration.ofMillis((long) (cryptoSeconds * 1000)));
    double efficiency = r.updatesPerSec() / crypto.updatesPerSec();
    if (json) {
      out.println(new JsonObject()
          .put("mode", channels == 1 ? "sequential" : "concurrent")
          .put("updates_per_sec", r.updatesPerSec(), 1)
          .put("p50_ms", r.latencies().p50Ms(), 3)
          .put("p99_ms", r.latencies().p99Ms(), 3)
          .put("max_ms", r.latencies().maxMs(), 3)
          .put("mean_ms", r.latencies().meanMs(), 3)
          .put("p90_ms", r.latencies().p90Ms(), 3)
          .put("crypto_limit_updates_per_sec", crypto.updatesPerSec(), 1)
          .put("efficiency", efficiency, 3)
          .put("channels", channels)
          .put("updates", measured)
          .put("warmup_updates", warm)
          .put("durability", durability.name())
          .put("seconds", r.seconds(), 3)
          .put("signs_per_sec", crypto.signsPerSec(), 1)
          .put("recovers_per_sec", crypto.recoversPerSec(), 1)
          .put("crypto_threads", crypto.threads())
          .put("crypto_formula", CryptoLimit.FORMULA)
          .put("secp256k1", crypto.implementation())
          .put("transport", "tcp+tls1.3 loopback")
          .put("cores", Runtime.getRuntime().availableProcessors())
          .put("open_seconds", r.openSeconds(), 3)
          .put("process_cores", r.cpu().processCores(), 2)
          .put("other_processes_cores", r.cpu().othersCores(), 2)
          .put("crypto_other_processes_cores", crypto.cpu().othersCores(), 2)
          .put("load_average", loadAverage(), 2)
          .put("failures", r.failures().size()));
    } else {
      out.printf("%nResult%n");
      out.printf("   updates/s    %.1f   (%d updates in %.3f s)%n", r.updatesPerSec(), measured, r.seconds());
      out.printf("   latency      p50 %.3f ms   p90 %.3f ms   p99 %.3f ms   max %.3f ms   mean %.3f ms%n", r.latencies().p50Ms(), r.latencies().p90Ms(),
          r.latencies().p99Ms(), r.latencies().maxMs(), r.latencies().meanMs());
      out.printf("   crypto       %.0f signs/s, %.0f recoveries/s on %d thread%s (secp256k1 %s)%n", crypto.signsPerSec(), crypto.recoversPerSec(),
          crypto.threads(), crypto.threads() == 1 ? "" : "s", crypto.implementation());
      out.printf("   crypto limit %.1f updates/s = %s   (an update: 2 signs + 2 recoveries)%n", crypto.updatesPerSec(), CryptoLimit.FORMULA);
      out.printf("   efficiency   %.3f   (updates/s / crypto limit)%n", efficiency);
      out.printf("   cpu          this process used %.2f cores while updating; other processes %.2f (%.2f while measuring crypto)%n",
          r.cpu().processCores(), r.cpu().othersCores(), crypto.cpu().othersCores());
      r.failures().stream().limit(10).forEach(f -> out.printf("   FAILED       %s%n", f));
    }
    out.flush();
    return r.failures().isEmpty() ? PerunCli.EXIT_OK : PerunCli.EXIT_FAILURE;
  }

  private int restore(PrintWriter out, Path work, int n) throws InterruptedException {
    if (!json) {
      out.printf("perun bench --restore %d: write %d open channels to LevelDB, then restore them into a fresh client%n", n, n);
      out.printf("   machine      %d cores, %s, Java %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(), cpuModel(), Runtime.version(),
          Runtime.getRuntime().maxMemory() >> 20);
      out.flush();
    }
    RestoreBench.Result r = RestoreBench.run(work, n);
    if (json) {
      out.println(new JsonObject()
          .put("mode", "restore")
          .put("channels", n)
          .put("restored", r.restored())
          .put("restore_ms", r.restoreMs(), 1)
          .put("restore_thread_cpu_ms", r.restoreThreadCpuMs(), 1)
          .put("open_store_ms", r.openStoreMs(), 1)
          .put("heap_before_mib", r.heapBeforeBytes() / 1048576.0, 1)
          .put("heap_after_mib", r.heapAfterBytes() / 1048576.0, 1)
          .put("heap_per_channel_bytes", r.heapPerChannelBytes(), 0)
          .put("max_heap_mib", r.maxHeapBytes() >> 20)
          .put("syncs_received", r.syncsReceived())
          .put("syncs_ms", r.syncsMs(), 1)
          .put("write_seconds", r.writeSeconds(), 3)
          .put("durability", "sync")
          .put("cores", Runtime.getRuntime().availableProcessors())
          .put("process_cores", r.cpu().processCores(), 2)
          .put("other_processes_cores", r.cpu().othersCores(), 2)
          .put("load_average", loadAverage(), 2));
    } else {
      out.printf("%nResult%n");
      out.printf("   written      %d channels in %.3f s (setup, not measured)%n", n, r.writeSeconds());
      out.printf("   open store   %.1f ms%n", r.openStoreMs());
      out.printf("   restore      %.1f ms for %d channels (Client.restore(): read, rebuild, watchers, syncs queued); %.1f ms of CPU on its thread%n",
          r.restoreMs(), r.restored(), r.restoreThreadCpuMs());
      out.printf("   heap         %.1f MiB before, %.1f MiB after (after full GCs): %.0f bytes per idle channel%n", r.heapBeforeBytes() / 1048576.0,
          r.heapAfterBytes() / 1048576.0, r.heapPerChannelBytes());
      out.printf("   syncs        %d of %d arrived at the peer, the last %.1f ms after restore() began%n", r.syncsReceived(), r.restored(), r.syncsMs());
      out.printf("   cpu          this process used %.2f cores during restore(); other processes %.2f%n", r.cpu().processCores(), r.cpu().othersCores());
    }
    out.flush();
    return r.restored() == n ? PerunCli.EXIT_OK : PerunCli.EXIT_FAILURE;
  }

  /** The one-minute load average of the machine, or NaN where there is none. */
  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** The CPU model from /proc/cpuinfo, or the OS architecture where there is none. */
  static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip())
          .orElse(System.getProperty("os.arch"));
    } catch (IOException | UncheckedIOException e) {
      return System.getProperty("os.arch", "unknown CPU").toLowerCase(Locale.ROOT);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
