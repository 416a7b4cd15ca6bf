// SPDX-License-Identifier: Apache-2.0
package network.perun.node.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.perun.node.demo.DemoCommandTest.Run;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs {@code perun demo --chain anvil} in process: the demo starts its own Anvil, plays the story on the
 * Ethereum backend, prints every transaction with its hash and gas, and stops Anvil again.
 */
class AnvilDemoCommandTest {
  private static final Pattern FINAL = Pattern.compile("\"final\":\\{\"alice\":\"(\\d+)\",\"bob\":\"(\\d+)\"}");
  private static final Pattern TX = Pattern.compile("(?m)^ {6}tx 0x[0-9a-f]{64}  (\\S+) +(.+?) +gas +([0-9,]+)$");

  @ParameterizedTest
  @CsvSource({"payment,tcp", "dispute,memory", "cheat,tcp"})
  void demoOnAnvilEndsWithJsonThatAddsUp(String scenario, String transport) {
    Run r = scenario.equals("payment")
        ? DemoCommandTest.run("demo", "--chain", "anvil", "--json", "--transport", transport)
        : DemoCommandTest.run("demo", "--chain", "anvil", "--" + scenario, "--json", "--transport", transport);

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
    assertTrue(r.out().contains("OK: every unit is accounted for."), r.out());
    assertTrue(r.out().contains("1 mETH = 10^15 wei"), "the output names the unit: " + r.out());
    assertTrue(r.out().contains("amounts withdrawn = the change of ETH balance + gas fees paid"), "the output says how it counted: " + r.out());
    assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").endsWith("anvil")),
        "the demo stopped its Anvil");

    List<String> what = transactions(r.out());
    assertTrue(what.contains("alice AssetHolderETH.deposit 10 mETH") && what.contains("bob AssetHolderETH.deposit 10 mETH"), what.toString());
    assertTrue(what.contains("alice AssetHolderETH.withdraw: 6 mETH to alice"), what.toString());
    assertTrue(what.contains("bob AssetHolderETH.withdraw: 14 mETH to bob"), what.toString());
    switch (scenario) {
      case "payment" -> assertTrue(what.contains("alice Adjudicator.concludeFinal"), what.toString());
      case "dispute" -> {
        assertTrue(what.contains("alice Adjudicator.register v13") && what.contains("alice Adjudicator.conclude"), what.toString());
        assertTrue(r.out().contains("the challenge period is over"), r.out());
      }
      case "cheat" -> {
        assertTrue(what.contains("bob Adjudicator.register v0"), what.toString());
        assertTrue(what.stream().anyMatch(w -> w.endsWith("Adjudicator.register v13")), what.toString());
        assertTrue(r.out().contains("Bob tries to conclude with v0: refused"), r.out());
      }
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  /** "sender what" of every transaction line, after checking each shows a hash and a plausible gas figure. */
  private static List<String> transactions(String out) {
    Matcher m = TX.matcher(out);
    List<String> found = new java.util.ArrayList<>();
    while (m.find()) {
      long gas = Long.parseLong(m.group(3).replace(",", ""));
      assertTrue(gas >= 21_000 && gas < 5_000_000, "gas of " + m.group());
      found.add(m.group(1) + " " + m.group(2));
    }
    assertTrue(found.size() >= 5 + 5, "setup and story transactions are listed: " + out);
    return found;
  }
}
