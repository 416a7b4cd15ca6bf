// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much CPU this process and the whole machine used between {@link #start()} and {@link #stop()}, in cores: the
 * machine is shared (other processes' load lowers every figure), so the report says how busy it was.
 *
 * <p>The process's CPU time comes from {@code com.sun.management.OperatingSystemMXBean}; the machine's from the
 * first line of {@code /proc/stat} (Linux), NaN elsewhere.
 */
final class CpuMeter {
  private long processNanos;
  private long wallNanos;
  private long[] machine;

  /** A meter started now. */
  static CpuMeter start() {
    CpuMeter m = new CpuMeter();
    m.processNanos = processCpuNanos();
    m.machine = machineJiffies();
    m.wallNanos = System.nanoTime();
    return m;
  }

  /** What was used since {@link #start()}. */
  Usage stop() {
    double wall = (System.nanoTime() - wallNanos) / 1e9;
    double process = (processCpuNanos() - processNanos) / 1e9 / wall;
    long[] now = machineJiffies();
    double machineBusy = Double.NaN;
    if (machine != null && now != null) {
      long busy = (now[0] - machine[0]);
      long total = (now[1] - machine[1]);
      machineBusy = total == 0 ? Double.NaN : Runtime.getRuntime().availableProcessors() * (double) busy / total;
    }
    return new Usage(process, machineBusy);
  }

  /**
   * Cores in use on average.
   *
   * @param processCores this process
   * @param machineCores every process of the machine, this one included
   */
  record Usage(double processCores, double machineCores) {
    /** The cores other processes used. */
    double othersCores() {
      return machineCores - processCores;
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** {busy, total} jiffies of all CPUs, or null. */
  private static long[] machineJiffies() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] f = lines.get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
