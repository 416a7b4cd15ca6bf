// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A flat JSON object written in insertion order: strings, whole numbers, decimals and booleans. */
final class JsonObject {
  private final Map<String, String> fields = new LinkedHashMap<>();

  JsonObject put(String key, String value) {
    fields.put(key, quote(value));
    return this;
  }

  JsonObject put(String key, long value) {
    fields.put(key, Long.toString(value));
    return this;
  }

  /** A decimal with {@code decimals} digits after the point; NaN and infinities become null. */
  JsonObject put(String key, double value, int decimals) {
    fields.put(key, Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "null");
    return this;
  }

  JsonObject put(String key, boolean value) {
    fields.put(key, Boolean.toString(value));
    return this;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(quote(e.getKey())).append(':').append(e.getValue());
    }
    return sb.append('}').toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
