// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.perun.node.PerunCli;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code perun bench} in process with tiny settings and checks the shape and sanity of what it prints; no
 * figure is compared with a speed target (speed targets live in the benchmark, not in tests).
 */
class BenchCommandTest {
  private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)");

  record Run(int exit, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = PerunCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** The fields of a flat JSON object, values as written (strings keep their quotes). */
  static Map<String, String> fields(String json) {
    assertTrue(json.startsWith("{") && json.endsWith("}"), "one JSON object: " + json);
    Map<String, String> m = new LinkedHashMap<>();
    Matcher matcher = FIELD.matcher(json);
    while (matcher.find()) {
      m.put(matcher.group(1), matcher.group(2));
    }
    return m;
  }

  private static double number(Map<String, String> f, String key) {
    assertTrue(f.containsKey(key), "field " + key + " missing: " + f);
    return Double.parseDouble(f.get(key));
  }

  @Test
  void concurrentModePrintsOneJsonObjectWithSaneFigures() {
    Run r = run("bench", "--channels", "3", "--updates", "30", "--warmup", "6", "--crypto-seconds", "0.05", "--json");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals(1, r.out().strip().lines().count(), "only the JSON object on stdout with --json: " + r.out());
    Map<String, String> f = fields(r.lastLine());
    assertEquals("\"sync\"", f.get("durability"), "durable persistence by default: " + f);
    assertEquals(3, number(f, "channels"));
    assertEquals(30, number(f, "updates"));
    assertEquals("\"concurrent\"", f.get("mode"));
    double p50 = number(f, "p50_ms");
    double p99 = number(f, "p99_ms");
    assertTrue(number(f, "updates_per_sec") > 0, f.toString());
    assertTrue(p50 > 0 && p99 >= p50 && number(f, "max_ms") >= p99, "0 < p50 <= p99 <= max: " + f);
    double limit = number(f, "crypto_limit_updates_per_sec");
    double signs = number(f, "signs_per_sec");
    double recovers = number(f, "recovers_per_sec");
    assertEquals(1 / (2 / signs + 2 / recovers), limit, limit * 0.01, "the limit follows the formula: " + f);
    assertEquals(number(f, "updates_per_sec") / limit, number(f, "efficiency"), 0.002, "efficiency = updates/s / limit: " + f);
    assertEquals(0, number(f, "failures"));
    assertTrue(f.get("secp256k1").equals("\"native\"") || f.get("secp256k1").equals("\"bouncycastle\""), f.toString());
  }

  @Test
  void oneChannelIsTheSequentialModeAndNamesTheDurability() {
    Run r = run("bench", "--channels", "1", "--updates", "12", "--warmup", "2", "--crypto-seconds", "0.05", "--durability", "async", "--json");
    assertEquals(0, r.exit(), r.out() + r.err());
    Map<String, String> f = fields(r.lastLine());
    assertEquals("\"sequential\"", f.get("mode"));
    assertEquals("\"async\"", f.get("durability"));
    assertEquals(1, number(f, "crypto_threads"), "a sequential run is compared with one thread's crypto: " + f);
    assertEquals(12, number(f, "updates"));
  }

  @Test
  void textReportShowsTheFormulaAndTheEfficiency() {
    Run r = run("bench", "--channels", "2", "--updates", "8", "--warmup", "0", "--crypto-seconds", "0.05", "--durability", "none");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("1 / (2 / signs_per_sec + 2 / recovers_per_sec)"), r.out());
    assertTrue(r.out().contains("efficiency"), r.out());
    assertTrue(r.out().contains("none (channels in memory only"), r.out());
  }

  @Test
  void restoreModeRestoresEveryChannelAndMeasuresHeap() {
    Run r = run("bench", "--restore", "25", "--json");
    assertEquals(0, r.exit(), r.out() + r.err());
    Map<String, String> f = fields(r.lastLine());
    assertEquals("\"restore\"", f.get("mode"));
    assertEquals(25, number(f, "channels"));
    assertEquals(25, number(f, "restored"), f.toString());
    assertEquals(25, number(f, "syncs_received"), "every restored channel synced with the peer: " + f);
    assertTrue(number(f, "restore_ms") > 0, f.toString());
    assertTrue(f.containsKey("heap_per_channel_bytes"), f.toString());
  }

  @Test
  void badSettingsAreAUsageError() {
    assertEquals(PerunCli.EXIT_USAGE, run("bench", "--channels", "0").exit());
    assertEquals(PerunCli.EXIT_USAGE, run("bench", "--durability", "fast").exit());
  }
}
