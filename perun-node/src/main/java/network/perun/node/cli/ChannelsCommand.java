// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import network.perun.node.api.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code perun channels [CHANNEL]}: the node's channels with balances and phase. */
@Command(name = "channels", mixinStandardHelpOptions = true, description = "Lists the node's channels with their balances and phase, or shows one.")
public final class ChannelsCommand extends ApiCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CHANNEL", description = "A channel ID or its first 8+ hex digits.")
  String channel;

  @Override
  int run(ApiClient client) throws InterruptedException {
    List<JsonNode> list = new ArrayList<>();
    if (channel != null) {
      list.add(client.get("/channels/" + channel));
    } else {
      client.get("/channels").path("channels").forEach(list::add);
    }
    if (output.json()) {
      list.forEach(output::json);
      return ok();
    }
    if (list.isEmpty()) {
      output.say("no channels yet; open one with: perun open CONTACT --deposit AMOUNT");
      return ok();
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode c : list) {
      rows.add(row(c));
    }
    output.table(List.of("CHANNEL", "PEER", "PHASE", "VERSION", "BALANCE", "PEER BALANCE", "SETTLEMENT"), rows);
    return ok();
  }

  static List<String> row(JsonNode c) {
    return List.of(c.path("id").asText().substring(0, 8), c.path("peer").asText(), c.path("phase").asText(), c.path("version").asText(),
        c.path("balance").asText(), c.path("peerBalance").asText(), c.path("settlement").asText().isEmpty() ? "-" : c.path("settlement").asText());
  }
}
