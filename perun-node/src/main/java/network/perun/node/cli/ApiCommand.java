// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import network.perun.node.PerunCli;
import network.perun.node.api.ApiClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of CLI commands that talk to a running node through its API. */
abstract class ApiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ApiOptions api;

  Output output;

  @Override
  public final Integer call() throws Exception {
    output = new Output(spec.commandLine().getOut(), api.json);
    try (ApiClient client = api.client()) {
      return run(client);
    }
  }

  /** Does the command's work; returns the exit code. */
  abstract int run(ApiClient client) throws InterruptedException;

  static int ok() {
    return PerunCli.EXIT_OK;
  }

  /**
   * Prints the node's events after {@code after} (text or JSON lines) until {@code until} holds for one of them or
   * {@code stop} holds; returns the last event ID seen.
   */
  long follow(ApiClient client, long after, Predicate<JsonNode> show, Predicate<JsonNode> until, java.util.function.BooleanSupplier stop)
      throws InterruptedException {
    long last = after;
    while (!stop.getAsBoolean()) {
      JsonNode page = client.get("/events?after=" + last + "&wait=1");
      for (JsonNode e : page.path("events")) {
        last = e.path("id").asLong();
        if (show.test(e)) {
          if (output.json()) {
            output.json(e);
          } else {
            output.say("  %s", Output.event(e));
          }
        }
        if (until.test(e)) {
          return last;
        }
      }
    }
    return last;
  }
}
