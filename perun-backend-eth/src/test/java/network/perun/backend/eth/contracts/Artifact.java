// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed contract artifact, {@code network/perun/backend/eth/contracts/<Name>.json} on the class path, as
 * written by {@code contracts/compile.js}.
 */
record Artifact(String name, JsonNode json) {
  /** The class-path folder of the artifacts. */
  static final String RESOURCE_DIR = "/network/perun/backend/eth/contracts/";

  static Artifact load(String name) {
    try (InputStream in = Artifact.class.getResourceAsStream(RESOURCE_DIR + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("no artifact " + RESOURCE_DIR + name + ".json on the class path");
      }
      return new Artifact(name, new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The creation code, 0x-prefixed. */
  String bytecode() {
    return json.get("bytecode").asText();
  }

  /** The runtime code, 0x-prefixed, with zeros where immutables go. */
  String deployedBytecode() {
    return json.get("deployedBytecode").asText();
  }

  /** Canonical function signature to 4-byte selector (8 hex digits). */
  Map<String, String> methodIdentifiers() {
    Map<String, String> ids = new LinkedHashMap<>();
    json.get("methodIdentifiers").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asText()));
    return ids;
  }

  JsonNode abi() {
    return json.get("abi");
  }
}
