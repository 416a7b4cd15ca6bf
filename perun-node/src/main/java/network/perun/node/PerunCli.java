// SPDX-License-Identifier: Apache-2.0
package network.perun.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import network.perun.api.PerunException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import network.perun.node.bench.BenchCommand;
import network.perun.node.cli.ChainCommand;
import network.perun.node.cli.ChannelsCommand;
import network.perun.node.cli.CloseCommand;
import network.perun.node.cli.ContactsCommand;
import network.perun.node.cli.DecisionsCommand;
import network.perun.node.cli.EventsCommand;
import network.perun.node.cli.InitCommand;
import network.perun.node.cli.NodeCommand;
import network.perun.node.cli.OpenCommand;
import network.perun.node.cli.PayCommand;
import network.perun.node.cli.StatusCommand;
import network.perun.node.demo.DemoCommand;
import network.perun.node.eth.DeployCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code perun} command, the entry point of the fat jar {@code perun-node/target/perun.jar}.
 *
 * <p>The top-level command only parses {@code --help} and {@code --version}; the work happens in
 * subcommands. To add one, write a picocli {@code @Command} class in this module and list it in
 * {@code subcommands} of the annotation below; {@code perun --help} then lists it under "Commands". A
 * subcommand that implements {@code Callable<Integer>} returns one of the exit codes below.
 *
 * <p>Exit codes: {@link #EXIT_OK} (0) on success, {@link #EXIT_FAILURE} (1) when a command fails,
 * {@link #EXIT_USAGE} (2) when the command line is wrong (unknown option, missing subcommand). A failing
 * command that throws a {@link PerunException} gets its message printed as one line on stderr; any other
 * exception is a bug and gets its stack trace printed.
 */
@Command(
    name = "perun",
    mixinStandardHelpOptions = true,
    versionProvider = PerunCli.Version.class,
    description = "Perun state channels on the JVM.",
    subcommands = {
      HelpCommand.class,
      DemoCommand.class,
      InitCommand.class,
      NodeCommand.class,
      ChainCommand.class,
      StatusCommand.class,
      ContactsCommand.class,
      OpenCommand.class,
      PayCommand.class,
      ChannelsCommand.class,
      CloseCommand.class,
      EventsCommand.class,
      DecisionsCommand.class,
      DeployCommand.class,
      BenchCommand.class
    },
    synopsisSubcommandLabel = "COMMAND",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the command failed", "2:wrong usage"},
    footer = {"", "Logging: WARN and above go to stderr; set PERUN_LOG_LEVEL=DEBUG for more."})
public final class PerunCli {
  /** The exit code of a command that did its job. */
  public static final int EXIT_OK = CommandLine.ExitCode.OK;

  /** The exit code of a command that failed while running. */
  public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;

  /** The exit code of a command line that could not be parsed. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  private static final Logger LOG = LoggerFactory.getLogger(PerunCli.class);

  private PerunCli() {}

  /** Runs {@code perun} with {@code args} and exits the JVM with the command's exit code. */
  public static void main(String[] args) {
    System.exit(execute(writer(System.out), writer(System.err), args));
  }

  /** Runs {@code perun} with {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    int exitCode = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return exitCode;
  }

  /**
   * The configured {@code perun} command line, writing to {@code out} and {@code err}.
   *
   * <p>{@code extraSubcommands} (picocli {@code @Command} objects) are for tests; the real subcommands are
   * listed in the {@link Command} annotation of this class. They are added before the writers and the failure
   * handler are set, because picocli passes those settings only to subcommands it already knows.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, Object... extraSubcommands) {
    CommandLine commandLine = new CommandLine(new PerunCli());
    for (Object subcommand : extraSubcommands) {
      commandLine.addSubcommand(subcommand);
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> reportFailure(exception, command, err));
    return commandLine;
  }

  private static int reportFailure(Exception exception, CommandLine command, PrintWriter err) {
    if (exception instanceof PerunException) {
      err.println(command.getCommandName() + ": " + exception.getMessage());
      LOG.debug("{} failed", command.getCommandName(), exception);
    } else {
      err.println(command.getCommandName() + ": unexpected error (a bug in perun), stack trace follows");
      exception.printStackTrace(err);
    }
    err.flush();
    return EXIT_FAILURE;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** The version lines of {@code perun --version}: perun's version from the build, then the JVM's. */
  static final class Version implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
      return new String[] {
        "perun " + perunVersion(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
      };
    }

    /** perun's version, from the resource Maven fills in at build time. */
    static String perunVersion() {
      try (InputStream in = PerunCli.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("resource " + RESOURCE + " is missing next to " + PerunCli.class);
        }
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.startsWith("${")) {
          throw new IllegalStateException("resource " + RESOURCE + " holds no built version: '" + version + "'");
        }
        return version;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }
}
