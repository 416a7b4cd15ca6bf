// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import network.perun.node.api.ApiClient;
import network.perun.node.http.HttpJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code perun pay CHANNEL AMOUNT}: one off-chain payment to the channel's peer. */
@Command(name = "pay", mixinStandardHelpOptions = true, description = "Pays AMOUNT to the peer of CHANNEL, off chain; returns once the peer signed it.")
public final class PayCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "CHANNEL", description = "A channel ID or its first 8+ hex digits.")
  String channel;

  @Parameters(index = "1", paramLabel = "AMOUNT", description = "A whole amount of the asset's smallest unit.")
  String amount;

  @Override
  int run(ApiClient client) throws InterruptedException {
    JsonNode c = client.post("/channels/" + channel + "/payments", HttpJson.MAPPER.createObjectNode().put("amount", amount));
    if (output.json()) {
      output.json(c);
    } else {
      output.say("paid %s to %s: version %s, balance %s, peer %s", amount, c.path("peer").asText(), c.path("version").asText(),
          c.path("balance").asText(), c.path("peerBalance").asText());
    }
    return ok();
  }
}
