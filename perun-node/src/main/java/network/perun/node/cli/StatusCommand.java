// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import network.perun.node.api.ApiClient;
import picocli.CommandLine.Command;

/** {@code perun status}: the node's health, identity, chain time and balance. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows the node's health, wire address, chain time and balance.")
public final class StatusCommand extends ApiCommand {
  @Override
  int run(ApiClient client) throws InterruptedException {
    JsonNode h = client.get("/health");
    if (output.json()) {
      output.json(h);
    } else {
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        output.say("%-17s %s", e.getKey(), e.getValue().asText());
      }
    }
    return ok();
  }
}
