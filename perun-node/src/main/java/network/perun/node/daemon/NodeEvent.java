// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import network.perun.node.http.HttpJson;

/**
 * One entry of the node's event stream.
 *
 * @param id its position in the stream: 1, 2, 3, ... across restarts; a client resumes with {@code after=id}
 * @param time when it happened (the node's wall clock)
 * @param type what happened, such as {@code payment-received} (perun-node/README.md lists the types)
 * @param data the details; {@code channel} holds the channel ID where there is one
 */
public record NodeEvent(long id, Instant time, String type, ObjectNode data) {
  public NodeEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    data = data.deepCopy();
  }

  /** The event as one JSON object: {@code {"id","time","type",...data}}. */
  public ObjectNode toJson() {
    ObjectNode o = HttpJson.MAPPER.createObjectNode();
    o.put("id", id);
    o.put("time", time.toString());
    o.put("type", type);
    o.setAll(data.deepCopy());
    return o;
  }

  @Override
  public ObjectNode data() {
    return data.deepCopy();
  }
}
