// SPDX-License-Identifier: Apache-2.0
package network.perun.node.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.perun.node.PerunCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs {@code perun demo} in process and checks that its JSON line adds up. */
class DemoCommandTest {
  private static final Pattern FINAL = Pattern.compile("\"final\":\\{\"alice\":\"(\\d+)\",\"bob\":\"(\\d+)\"}");

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

  @ParameterizedTest
  @CsvSource({"payment,tcp", "dispute,tcp", "cheat,tcp", "payment,memory", "dispute,memory", "cheat,memory"})
  void demoEndsWithJsonThatAddsUp(String scenario, String transport) {
    Run r = scenario.equals("payment")
        ? run("demo", "--json", "--transport", transport)
        : run("demo", "--" + scenario, "--json", "--transport", transport);
    assertEquals(0, r.exit(), r.out() + r.err());
    String json = r.lastLine();
    assertTrue(json.startsWith("{\"scenario\":\"" + scenario + "\",\"deposits\":{\"alice\":\"10\",\"bob\":\"10\"}"), json);
    Matcher m = FINAL.matcher(json);
    assertTrue(m.find(), json);
    int alice = Integer.parseInt(m.group(1));
    int bob = Integer.parseInt(m.group(2));
    assertEquals(20, alice + bob, "withdrawals add up to the deposits: " + json);
    assertEquals(6, alice, json);
    assertEquals(14, bob, json);
    assertEquals(13, json.split("\"from\"").length - 1, "13 payments listed: " + json);
  }

  @org.junit.jupiter.api.Test
  void humanOutputTellsTheStory() {
    Run r = run("demo");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Alice proposes a channel to Bob"), r.out());
    assertTrue(r.out().contains("OK: every unit is accounted for."), r.out());
    assertTrue(!r.lastLine().startsWith("{"), "no JSON without --json");
  }

  @org.junit.jupiter.api.Test
  void disputeAndCheatTogetherIsAUsageError() {
    assertEquals(PerunCli.EXIT_USAGE, run("demo", "--dispute", "--cheat").exit());
  }
}
