// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.PerunException;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.codec.PerunIo;
import network.perun.api.codec.PerunIoReader;
import network.perun.api.codec.PerunIoWriter;

/**
 * The JSON values of the chain service protocol (see {@link ChainService} for the endpoints).
 *
 * <pre>
 * address, asset   "B:HEX"        backend ID in decimal, a colon, the bytes in lower-case hex
 * channel          "HEX"          the 32-byte channel ID
 * params, state    "HEX"          the perunio encoding (go-perun's byte layout, see PerunIo)
 * transaction      "HEX"          perunio: [1:u8] state [presence mask] [signature]*
 * signature        "HEX"          the backend's signature bytes
 * amount           "123"          a non-negative decimal integer
 * balances         [["1","2"]]    one array per asset, one amount per participant
 * </pre>
 *
 * <p>Every decoder throws {@link ChainProtocolException} naming the field it could not read.
 */
final class ChainCodec {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ChainCodec() {}

  static String address(Address a) {
    return a.backendId() + ":" + a.bytes().toHex();
  }

  static Address address(JsonNode node, String field) {
    String[] parts = split(text(node, field), field);
    return decode(field, () -> new Address(Integer.parseInt(parts[0]), Bytes.fromHex(parts[1])));
  }

  static String asset(Asset a) {
    return a.backendId() + ":" + a.bytes().toHex();
  }

  static Asset asset(JsonNode node, String field) {
    String[] parts = split(text(node, field), field);
    return decode(field, () -> new Asset(Integer.parseInt(parts[0]), Bytes.fromHex(parts[1])));
  }

  static ChannelId channel(JsonNode node, String field) {
    String hex = text(node, field);
    return decode(field, () -> ChannelId.fromHex(hex));
  }

  static String params(Params p) {
    return Bytes.wrap(PerunIo.encodeParams(p)).toHex();
  }

  static Params params(JsonNode node, String field) {
    byte[] bytes = hex(node, field);
    return decode(field, () -> PerunIo.decodeParams(bytes));
  }

  static String state(State s) {
    return Bytes.wrap(PerunIo.encodeState(s)).toHex();
  }

  static State state(JsonNode node, String field) {
    byte[] bytes = hex(node, field);
    return decode(field, () -> PerunIo.decodeState(bytes));
  }

  static String transaction(Transaction tx) {
    PerunIoWriter w = new PerunIoWriter();
    PerunIo.writeTransaction(w, tx);
    return Bytes.wrap(w.toByteArray()).toHex();
  }

  static Transaction transaction(JsonNode node, String field, int signatureSize) {
    byte[] bytes = hex(node, field);
    return decode(field, () -> {
      PerunIoReader r = new PerunIoReader(bytes);
      Transaction tx = PerunIo.readTransaction(r, signatureSize);
      r.requireEnd(field);
      return tx;
    });
  }

  static ArrayNode signatures(List<Signature> signatures) {
    ArrayNode array = JSON.arrayNode();
    signatures.forEach(s -> array.add(s.bytes().toHex()));
    return array;
  }

  static List<Signature> signatures(JsonNode node, String field) {
    JsonNode array = node.get(field);
    if (array == null || !array.isArray()) {
      throw new ChainProtocolException("field \"" + field + "\" must be an array of hex signatures");
    }
    List<Signature> out = new ArrayList<>();
    for (JsonNode s : array) {
      if (!s.isTextual()) {
        throw new ChainProtocolException("field \"" + field + "\" holds a non-string signature: " + s);
      }
      out.add(decode(field, () -> new Signature(Bytes.fromHex(s.asText()))));
    }
    return List.copyOf(out);
  }

  static Signature signature(JsonNode node, String field) {
    String hex = text(node, field);
    return decode(field, () -> new Signature(Bytes.fromHex(hex)));
  }

  static ArrayNode signedStates(List<SignedState> states) {
    ArrayNode array = JSON.arrayNode();
    for (SignedState s : states) {
      ObjectNode o = array.addObject();
      o.put("params", params(s.params()));
      o.put("state", state(s.state()));
      o.set("signatures", signatures(s.signatures()));
    }
    return array;
  }

  static List<SignedState> signedStates(JsonNode node, String field) {
    JsonNode array = node.get(field);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new ChainProtocolException("field \"" + field + "\" must be an array");
    }
    List<SignedState> out = new ArrayList<>();
    for (JsonNode s : array) {
      Params p = params(s, "params");
      State st = state(s, "state");
      List<Signature> sigs = signatures(s, "signatures");
      out.add(decode(field, () -> new SignedState(p, st, sigs)));
    }
    return List.copyOf(out);
  }

  static String amount(BigInteger amount) {
    return amount.toString();
  }

  static BigInteger amount(JsonNode node, String field) {
    String text = text(node, field);
    BigInteger value = decode(field, () -> new BigInteger(text));
    return decode(field, () -> Balances.checkAmount(value, field));
  }

  static ArrayNode balances(Balances b) {
    ArrayNode rows = JSON.arrayNode();
    for (List<BigInteger> row : b.rows()) {
      ArrayNode r = rows.addArray();
      row.forEach(v -> r.add(v.toString()));
    }
    return rows;
  }

  static Balances balances(JsonNode node, String field) {
    JsonNode rows = node.get(field);
    if (rows == null || !rows.isArray()) {
      throw new ChainProtocolException("field \"" + field + "\" must be an array of arrays of amounts");
    }
    List<List<BigInteger>> out = new ArrayList<>();
    for (JsonNode row : rows) {
      if (!row.isArray()) {
        throw new ChainProtocolException("field \"" + field + "\" must be an array of arrays of amounts");
      }
      List<BigInteger> r = new ArrayList<>();
      for (JsonNode v : row) {
        BigInteger value = decode(field, () -> new BigInteger(v.asText()));
        r.add(value);
      }
      out.add(r);
    }
    return decode(field, () -> Balances.of(out));
  }

  static long integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new ChainProtocolException("field \"" + field + "\" must be an integer, got " + v);
    }
    return v.asLong();
  }

  static boolean bool(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isBoolean()) {
      throw new ChainProtocolException("field \"" + field + "\" must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isTextual()) {
      throw new ChainProtocolException("field \"" + field + "\" must be a string, got " + v);
    }
    return v.asText();
  }

  private static byte[] hex(JsonNode node, String field) {
    String text = text(node, field);
    return decode(field, () -> Bytes.fromHex(text)).toArray();
  }

  private static String[] split(String text, String field) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new ChainProtocolException("field \"" + field + "\" must look like BACKEND:HEX, got \"" + text + "\"");
    }
    return new String[] {text.substring(0, colon), text.substring(colon + 1)};
  }

  private static <T> T decode(String field, java.util.function.Supplier<T> decoder) {
    try {
      return decoder.get();
    } catch (PerunException | NumberFormatException e) {
      throw new ChainProtocolException("field \"" + field + "\" is invalid: " + e.getMessage());
    }
  }
}
