// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import network.perun.node.api.ApiClient;
import network.perun.node.http.HttpJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code perun contacts add|list|remove}: the node's named peers. */
@Command(
    name = "contacts",
    mixinStandardHelpOptions = true,
    description = "The node's contacts: peers by name, with their wire address and where they listen.",
    subcommands = {ContactsCommand.Add.class, ContactsCommand.ListContacts.class, ContactsCommand.Remove.class})
public final class ContactsCommand {
  /** {@code perun contacts add NAME WIRE-ADDRESS HOST:PORT}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a contact (saved in the data directory).")
  public static final class Add extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "A short name: a-z, 0-9, '-', '_'.")
    String name;

    @Parameters(index = "1", paramLabel = "WIRE-ADDRESS", description = "The peer's wire address (hex; perun status on the peer shows it).")
    String wireAddress;

    @Parameters(index = "2", paramLabel = "HOST:PORT", description = "Where the peer listens (its listen setting).")
    String address;

    @Override
    int run(ApiClient client) throws InterruptedException {
      ObjectNode body = HttpJson.MAPPER.createObjectNode().put("name", name).put("wireAddress", wireAddress).put("address", address);
      JsonNode c = client.post("/contacts", body);
      if (output.json()) {
        output.json(c);
      } else {
        output.say("added %s (%s at %s)", c.path("name").asText(), c.path("wireAddress").asText(), c.path("address").asText());
      }
      return ok();
    }
  }

  /** {@code perun contacts list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the contacts.")
  public static final class ListContacts extends ApiCommand {
    @Override
    int run(ApiClient client) throws InterruptedException {
      JsonNode all = client.get("/contacts");
      if (output.json()) {
        output.json(all);
        return ok();
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode c : all.path("contacts")) {
        rows.add(List.of(c.path("name").asText(), c.path("address").asText(), c.path("wireAddress").asText()));
      }
      if (rows.isEmpty()) {
        output.say("no contacts yet; add one with: perun contacts add NAME WIRE-ADDRESS HOST:PORT");
      } else {
        output.table(List.of("NAME", "ADDRESS", "WIRE ADDRESS"), rows);
      }
      return ok();
    }
  }

  /** {@code perun contacts remove NAME}. */
  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a contact (its channels stay).")
  public static final class Remove extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient client) throws InterruptedException {
      JsonNode c = client.delete("/contacts/" + name);
      if (output.json()) {
        output.json(c);
      } else {
        output.say("removed %s", c.path("name").asText());
      }
      return ok();
    }
  }
}
