// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import network.perun.api.PerunException;
import network.perun.node.api.ApiClient;
import network.perun.node.http.HttpJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perun open CONTACT --deposit N}: proposes a channel and follows it until it is funded. */
@Command(name = "open", mixinStandardHelpOptions = true,
    description = "Proposes a payment channel to a contact and waits until both deposits are on chain, showing the steps.")
public final class OpenCommand extends ApiCommand {
  private static final Set<String> STEPS = Set.of("proposal-sent", "channel-funding", "channel-open");

  @Parameters(index = "0", paramLabel = "CONTACT", description = "The contact to open the channel with.")
  String contact;

  @Option(names = "--deposit", required = true, paramLabel = "AMOUNT", description = "What you deposit.")
  String deposit;

  @Option(names = "--peer-deposit", defaultValue = "0", paramLabel = "AMOUNT", description = "What the peer deposits (default ${DEFAULT-VALUE}).")
  String peerDeposit;

  @Option(names = "--challenge-duration", paramLabel = "SECONDS", description = "The dispute window in chain seconds (default: challenge-duration).")
  Long challengeDuration;

  @Override
  int run(ApiClient client) throws InterruptedException {
    long after = client.get("/health").path("lastEventId").asLong();
    ObjectNode body = HttpJson.MAPPER.createObjectNode().put("peer", contact).put("deposit", deposit).put("peerDeposit", peerDeposit);
    if (challengeDuration != null) {
      body.put("challengeDuration", challengeDuration);
    }
    output.say("proposing a channel to %s: you deposit %s, %s deposits %s", contact, deposit, contact, peerDeposit);
    CompletableFuture<JsonNode> opened = CompletableFuture.supplyAsync(() -> {
      try {
        return client.post("/channels", body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PerunException("interrupted");
      }
    });
    if (!output.json()) {
      follow(client, after, e -> STEPS.contains(e.path("type").asText()), e -> false, opened::isDone);
    }
    JsonNode c;
    try {
      c = opened.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    if (output.json()) {
      output.json(c);
    } else {
      output.say("channel %s is open with %s: your balance %s, theirs %s", c.path("id").asText().substring(0, 8), c.path("peer").asText(),
          c.path("balance").asText(), c.path("peerBalance").asText());
      output.say("pay with: perun pay %s AMOUNT", c.path("id").asText().substring(0, 8));
    }
    return ok();
  }
}
