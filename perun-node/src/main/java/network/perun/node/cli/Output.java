// SPDX-License-Identifier: Apache-2.0
package network.perun.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.perun.node.http.HttpJson;

/** The CLI's printing: JSON lines for scripts, text for people (tables, one line per event). */
final class Output {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintWriter out;
  private final boolean json;

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code node} as one JSON line (in JSON mode). */
  void json(JsonNode node) {
    try {
      out.println(HttpJson.MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    out.flush();
  }

  /** Prints a line of text (in text mode only). */
  void say(String format, Object... args) {
    if (!json) {
      out.println(args.length == 0 ? format : String.format(format, args));
      out.flush();
    }
  }

  /** Prints a table with a header row, columns padded to their widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] width = new int[header.size()];
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (List<String> r : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        sb.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + width[i] + "s  ", r.get(i)));
      }
      out.println(sb.toString().stripTrailing());
    }
    out.flush();
  }

  /** One line for an event: {@code #ID HH:MM:SS type key=value ...}, the channel shortened to 8 digits. */
  static String event(JsonNode e) {
    StringBuilder sb = new StringBuilder();
    sb.append('#').append(e.path("id").asLong()).append(' ');
    try {
      sb.append(TIME.format(Instant.parse(e.path("time").asText()))).append(' ');
    } catch (java.time.format.DateTimeParseException ex) {
      sb.append(e.path("time").asText()).append(' ');
    }
    sb.append(e.path("type").asText());
    for (Map.Entry<String, JsonNode> f : e.properties()) {
      String k = f.getKey();
      if (k.equals("id") || k.equals("time") || k.equals("type")) {
        continue;
      }
      String v = f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString();
      if (k.equals("channel") && v.length() > 8) {
        v = v.substring(0, 8);
      }
      sb.append(' ').append(k).append('=').append(v.contains(" ") ? "\"" + v + "\"" : v);
    }
    return sb.toString();
  }
}
