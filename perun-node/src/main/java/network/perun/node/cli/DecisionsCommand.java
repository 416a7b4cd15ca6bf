// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import network.perun.node.api.ApiClient;
import network.perun.node.http.HttpJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perun decisions [accept|reject ID]}: proposals and payments the policies held for you. */
@Command(name = "decisions", mixinStandardHelpOptions = true,
    description = "Lists the proposals and payments held for your decision (each expires), or answers one.",
    subcommands = {DecisionsCommand.Accept.class, DecisionsCommand.Reject.class})
public final class DecisionsCommand extends ApiCommand {
  @Override
  int run(ApiClient client) throws InterruptedException {
    JsonNode all = client.get("/decisions");
    if (output.json()) {
      output.json(all);
      return ok();
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode d : all.path("decisions")) {
      String what = d.path("kind").asText().equals("proposal")
          ? "channel: you deposit " + d.path("deposit").asText() + ", they deposit " + d.path("peerDeposit").asText()
          : "payment of " + d.path("amount").asText() + " in " + d.path("channel").asText().substring(0, 8);
      rows.add(List.of(d.path("id").asText(), d.path("kind").asText(), d.path("peer").asText(), what, d.path("expiresAt").asText()));
    }
    if (rows.isEmpty()) {
      output.say("nothing waits for a decision");
    } else {
      output.table(List.of("ID", "KIND", "PEER", "WHAT", "EXPIRES"), rows);
    }
    return ok();
  }

  static int answer(ApiCommand command, ApiClient client, String id, boolean accept, String reason) throws InterruptedException {
    ObjectNode body = HttpJson.MAPPER.createObjectNode().put("accept", accept);
    if (reason != null) {
      body.put("reason", reason);
    }
    JsonNode d = client.post("/decisions/" + id, body);
    if (command.output.json()) {
      command.output.json(d);
    } else {
      command.output.say("%s %s %s from %s", accept ? "accepted" : "rejected", d.path("kind").asText(), d.path("id").asText(), d.path("peer").asText());
    }
    return ok();
  }

  /** {@code perun decisions accept ID}. */
  @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accepts a held proposal or payment.")
  public static final class Accept extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int run(ApiClient client) throws InterruptedException {
      return answer(this, client, id, true, null);
    }
  }

  /** {@code perun decisions reject ID [--reason TEXT]}. */
  @Command(name = "reject", mixinStandardHelpOptions = true, description = "Rejects a held proposal or payment.")
  public static final class Reject extends ApiCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "What the peer is told.")
    String reason;

    @Override
    int run(ApiClient client) throws InterruptedException {
      return answer(this, client, id, false, reason);
    }
  }
}
