// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import network.perun.node.api.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code perun events}: the node's event stream, followed until Ctrl-C. */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = {"Prints the node's events (proposals, payments, disputes, settlements) and follows new ones.",
      "Each has an ID; --after ID resumes exactly after it, so nothing is missed across reconnects."})
public final class EventsCommand extends ApiCommand {
  @Option(names = "--after", paramLabel = "ID", description = "Start after this event ID (default: the last 10 events).")
  Long after;

  @Option(names = "--no-follow", description = "Print what is there and exit.")
  boolean noFollow;

  @Override
  int run(ApiClient client) throws InterruptedException {
    long start = after != null ? after : Math.max(0, client.get("/health").path("lastEventId").asLong() - 10);
    if (noFollow) {
      long last = client.get("/health").path("lastEventId").asLong();
      follow(client, start, e -> true, e -> e.path("id").asLong() >= last, () -> false);
      return ok();
    }
    follow(client, start, e -> true, e -> false, () -> Thread.currentThread().isInterrupted());
    return ok();
  }
}
