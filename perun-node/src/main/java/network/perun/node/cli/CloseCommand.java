// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicReference;
import network.perun.node.PerunCli;
import network.perun.node.api.ApiClient;
import network.perun.node.http.HttpJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perun close CHANNEL [--force]}: settles a channel and follows the settlement to the withdrawal. */
@Command(name = "close", mixinStandardHelpOptions = true,
    description = {
      "Closes a channel: agrees a final state with the peer, then settles on chain and withdraws, showing the steps.",
      "With --force the peer is not asked: the latest state is registered and the challenge period waited out."
    })
public final class CloseCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "CHANNEL", description = "A channel ID or its first 8+ hex digits.")
  String channel;

  @Option(names = "--force", description = "Dispute on chain without the peer (waits out the challenge period).")
  boolean force;

  @Option(names = "--no-wait", description = "Return once the settlement started instead of following it.")
  boolean noWait;

  @Override
  int run(ApiClient client) throws InterruptedException {
    long after = client.get("/health").path("lastEventId").asLong();
    JsonNode c = client.post("/channels/" + channel + (force ? "/dispute" : "/close"), HttpJson.MAPPER.createObjectNode());
    String id = c.path("id").asText();
    if (output.json()) {
      output.json(c);
    } else if (force) {
      output.say("disputing channel %s on chain with version %s (the challenge period is %s chain seconds)", id.substring(0, 8), c.path("version").asText(),
          c.path("challengeDuration").asText());
    } else {
      output.say("channel %s: final state agreed at version %s; settling on chain", id.substring(0, 8), c.path("version").asText());
    }
    if (noWait) {
      return ok();
    }
    AtomicReference<JsonNode> end = new AtomicReference<>();
    follow(client, after,
        e -> id.equals(e.path("channel").asText()) && !e.path("type").asText().startsWith("payment"),
        e -> {
          String type = e.path("type").asText();
          boolean done = id.equals(e.path("channel").asText()) && (type.equals("channel-settled") || type.equals("settle-failed"));
          if (done) {
            end.set(e);
          }
          return done;
        },
        () -> false);
    JsonNode last = end.get();
    if (last != null && last.path("type").asText().equals("settle-failed")) {
      spec.commandLine().getErr().println("close: settlement failed: " + last.path("reason").asText());
      spec.commandLine().getErr().flush();
      return PerunCli.EXIT_FAILURE;
    }
    if (last != null) {
      output.say("settled: withdrew %s; on-chain balance %s", last.path("withdrawn").asText(), last.path("onChainBalance").asText());
    }
    return ok();
  }
}
