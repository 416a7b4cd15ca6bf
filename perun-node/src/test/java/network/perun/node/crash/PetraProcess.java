// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of {@link CrashingParty}: started ahead of time (it warms up), told to go with its arguments, read line by
 * line, and killed.
 */
final class PetraProcess {
  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread reader;
  private final Path err;

  private PetraProcess(Process process, Path err) {
    this.process = process;
    this.err = err;
    this.reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("READ-FAILED " + e);
      }
    });
  }

  /** Starts a process on the class path of this JVM that warms up and waits for {@link #go}; stderr goes to {@code err}. */
  static PetraProcess start(String chainUrl, Path scratch, Path err) throws IOException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "-Dperun.log.level=INFO",
        CrashingParty.class.getName(),
        "--chain", chainUrl,
        "--scratch", scratch.toString());
    return new PetraProcess(new ProcessBuilder(command).redirectError(err.toFile()).start(), err);
  }

  /** Lets it start as Petra with {@code args} (keys without dashes). */
  void go(Map<String, String> args) throws IOException {
    StringBuilder line = new StringBuilder("GO");
    args.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  long pid() {
    return process.pid();
  }

  Path err() {
    return err;
  }

  /** The next line, waiting up to {@code nanos}; null if none came. */
  String poll(long nanos) throws InterruptedException {
    return lines.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** Whether it exited and every line it printed was taken. */
  boolean finished() {
    return !process.isAlive() && !reader.isAlive() && lines.isEmpty();
  }

  /**
   * Sends SIGKILL ({@code ProcessHandle.destroyForcibly}, which is {@code kill -9} on Linux; unlike
   * {@code Process.destroyForcibly} it leaves the pipe open), waits until it is dead and returns the lines it
   * printed before it died.
   */
  List<String> kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
    reader.join();
    List<String> rest = new java.util.ArrayList<>();
    lines.drainTo(rest);
    return rest;
  }

  /** The exit status, once it exited. */
  int exitValue() throws InterruptedException {
    return process.waitFor();
  }

  /** Ends a process that was never told to go (it exits when its stdin closes). */
  void discard() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // it is gone already
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.toHandle().destroyForcibly();
    }
  }
}
