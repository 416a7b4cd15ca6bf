// SPDX-License-Identifier: Apache-2.0
package network.perun.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import network.perun.api.PerunException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Tests the top-level {@code perun} command: help, version, exit codes and failure reporting. */
class PerunCliTest {
  /** The outcome of one run: exit code, stdout and stderr. */
  private record Run(int exitCode, String out, String err) {}

  @Test
  void helpPrintsUsageWithTheSubcommandsAndExitsZero() {
    Run run = run("--help");

    assertEquals(PerunCli.EXIT_OK, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Usage: perun "), run.out());
    assertTrue(run.out().contains("Commands:"), run.out());
    assertTrue(run.out().contains("  help "), run.out());
    assertEquals("", run.err());
  }

  @Test
  void versionPrintsTheBuiltVersionAndExitsZero() {
    Run run = run("--version");

    assertEquals(PerunCli.EXIT_OK, run.exitCode(), run.err());
    assertTrue(run.out().matches("(?s)perun \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), run.out());
  }

  @Test
  void missingSubcommandIsAUsageError() {
    Run run = run();

    assertEquals(PerunCli.EXIT_USAGE, run.exitCode());
    assertTrue(run.err().startsWith("Missing required subcommand"), run.err());
    assertTrue(run.err().contains("Usage: perun "), run.err());
    assertEquals("", run.out());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run run = run("--no-such-option");

    assertEquals(PerunCli.EXIT_USAGE, run.exitCode());
    assertTrue(run.err().contains("Unknown option: '--no-such-option'"), run.err());
  }

  @Test
  void aFailingSubcommandPrintsItsPerunExceptionMessageAndExitsOne() {
    Run run = runWith(new Failing(new PerunException("balance -1 is negative")), "failing");

    assertEquals(PerunCli.EXIT_FAILURE, run.exitCode());
    assertEquals("failing: balance -1 is negative", run.err().strip());
  }

  @Test
  void aBugInASubcommandPrintsTheStackTraceAndExitsOne() {
    Run run = runWith(new Failing(new IllegalStateException("broken invariant")), "failing");

    assertEquals(PerunCli.EXIT_FAILURE, run.exitCode());
    assertTrue(run.err().contains("unexpected error"), run.err());
    assertTrue(run.err().contains("java.lang.IllegalStateException: broken invariant"), run.err());
    assertTrue(run.err().contains("\tat "), run.err());
  }

  @Test
  void anAddedSubcommandIsListedInTheUsageAndReportsUsageErrorsOnErr() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        PerunCli.commandLine(new PrintWriter(out), new PrintWriter(err), new Failing(new PerunException("unused")));

    assertTrue(commandLine.getUsageMessage().contains("  failing "), commandLine.getUsageMessage());
    assertEquals(PerunCli.EXIT_USAGE, commandLine.execute("failing", "--bad"));
    assertTrue(err.toString().startsWith("Unknown option: '--bad'"), err.toString());
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = PerunCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Run runWith(Object subcommand, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = PerunCli.commandLine(new PrintWriter(out), new PrintWriter(err), subcommand);
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** A subcommand that throws the given exception. */
  @Command(name = "failing", description = "Fails on purpose.")
  static final class Failing implements Callable<Integer> {
    private final RuntimeException failure;

    Failing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }
}
