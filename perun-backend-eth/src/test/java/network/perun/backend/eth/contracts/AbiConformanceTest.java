// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The committed artifacts implement the Perun contract ABI of spec 1.1 and 1.8 exactly: every function's
 * canonical signature and selector, every event's topic 0, the dispute getter's layout, and nothing more.
 */
class AbiConformanceTest {
  static final String P = "(uint256,uint256,(address,bytes)[],address,bool,bool)";
  static final String S =
      "(bytes32,uint64,((uint256,address,bytes)[],uint256[],uint256[][],(bytes32,uint256[],uint16[])[]),bytes,bool)";
  static final String W = "(bytes32,(address,bytes),address,uint256)";
  static final String SIGNED = "(" + P + "," + S + ",bytes[])";

  static Map<String, String> adjudicatorFunctions() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("register(" + SIGNED + "," + SIGNED + "[])", "e9aa7e02");
    f.put("progress(" + P + "," + S + "," + S + ",uint256,bytes)", "4c8a2c90");
    f.put("conclude(" + P + "," + S + "," + S + "[])", "e7c01d05");
    f.put("concludeFinal(" + P + "," + S + ",bytes[])", "75a87223");
    f.put("channelID(" + P + ")", "db77bb27");
    f.put("hashState(" + S + ")", "7a114d3d");
    f.put("disputes(bytes32)", "11be1997");
    return f;
  }

  static Map<String, String> holderFunctions(boolean erc20) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("deposit(bytes32,uint256)", "1de26e16");
    f.put("withdraw(" + W + ",bytes)", "fca0f778");
    f.put("setOutcome(bytes32,(address,bytes)[],uint256[])", "295482ce");
    f.put("holdings(bytes32)", "ae9ee18c");
    f.put("settled(bytes32)", "d945af1d");
    f.put("adjudicator()", "53c2ed8e");
    if (erc20) {
      f.put("token()", "fc0c546a");
    }
    return f;
  }

  static final Map<String, String> EVENTS = Map.of(
      "ChannelUpdate(bytes32,uint64,uint8,uint64)", Calls.CHANNEL_UPDATE,
      "Deposited(bytes32,uint256)", Calls.DEPOSITED,
      "Withdrawn(bytes32,uint256,address)", Calls.WITHDRAWN,
      "OutcomeSet(bytes32)", Calls.OUTCOME_SET);

  static String selectorOf(String signature) {
    return Numeric.toHexStringNoPrefix(Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII))).substring(0, 8);
  }

  void assertFunctions(String contract, Map<String, String> expected) {
    Map<String, String> actual = Artifact.load(contract).methodIdentifiers();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertEquals(e.getValue(), selectorOf(e.getKey()), "keccak of " + e.getKey());
      assertEquals(e.getValue(), actual.get(e.getKey()), contract + " lacks or misnames " + e.getKey());
    }
    assertEquals(new TreeMap<>(expected), new TreeMap<>(actual), contract + " has other functions");
  }

  @Test
  void adjudicatorFunctionsAndSelectors() {
    assertFunctions("Adjudicator", adjudicatorFunctions());
  }

  @Test
  void assetHolderFunctionsAndSelectors() {
    assertFunctions("AssetHolderETH", holderFunctions(false));
    assertFunctions("AssetHolderERC20", holderFunctions(true));
  }

  @Test
  void appValidTransitionSelector() {
    assertFunctions("TrivialApp", Map.of("validTransition(" + P + "," + S + "," + S + ",uint256)", "f7530b41"));
  }

  /** Canonical event signatures of an artifact's ABI, built from its inputs, with the indexed input names. */
  static Map<String, List<String>> events(String contract) {
    Map<String, List<String>> events = new TreeMap<>();
    for (JsonNode entry : Artifact.load(contract).abi()) {
      if (!entry.get("type").asText().equals("event")) {
        continue;
      }
      List<String> types = new ArrayList<>();
      List<String> indexed = new ArrayList<>();
      for (JsonNode input : entry.get("inputs")) {
        types.add(input.get("type").asText());
        if (input.get("indexed").asBoolean()) {
          indexed.add(input.get("name").asText());
        }
      }
      events.put(entry.get("name").asText() + "(" + String.join(",", types) + ")", indexed);
    }
    return events;
  }

  @Test
  void eventTopicsAndIndexedFields() {
    Map<String, List<String>> adj = events("Adjudicator");
    assertEquals(Map.of("ChannelUpdate(bytes32,uint64,uint8,uint64)", List.of("channelID")), adj);
    Map<String, List<String>> holderEvents = Map.of(
        "Deposited(bytes32,uint256)", List.of("fundingID"),
        "OutcomeSet(bytes32)", List.of("channelID"),
        "Withdrawn(bytes32,uint256,address)", List.of("fundingID"));
    assertEquals(holderEvents, events("AssetHolderETH"));
    assertEquals(holderEvents, events("AssetHolderERC20"));
    for (Map.Entry<String, String> e : EVENTS.entrySet()) {
      assertEquals(e.getValue(), Numeric.toHexString(Hash.sha3(e.getKey().getBytes(StandardCharsets.US_ASCII))),
          e.getKey());
    }
  }

  @Test
  void disputesGetterReturnsTheDisputeRecordInFieldOrder() {
    JsonNode getter = null;
    for (JsonNode entry : Artifact.load("Adjudicator").abi()) {
      if (entry.path("name").asText().equals("disputes")) {
        getter = entry;
      }
    }
    assertTrue(getter != null, "no disputes getter");
    List<String> outputs = new ArrayList<>();
    getter.get("outputs").forEach(o -> outputs.add(o.get("type").asText() + " " + o.get("name").asText()));
    assertEquals(List.of("uint64 timeout", "uint64 challengeDuration", "uint64 version", "uint8 phase",
        "bytes32 stateHash", "bool hasApp"), outputs);
    assertEquals("view", getter.get("stateMutability").asText());
  }

  @Test
  void pureHelpersArePure() {
    Set<String> pure = new TreeSet<>();
    for (JsonNode entry : Artifact.load("Adjudicator").abi()) {
      if (entry.path("stateMutability").asText().equals("pure")) {
        pure.add(entry.get("name").asText());
      }
    }
    assertEquals(Set.of("channelID", "hashState"), pure);
  }

  @Test
  void artifactsRecordThePinnedCompilerAndFitEip170() {
    for (String name : List.of("Adjudicator", "AssetHolderETH", "AssetHolderERC20", "TrivialApp", "PerunToken")) {
      Artifact a = Artifact.load(name);
      JsonNode compiler = a.json().get("compiler");
      assertTrue(compiler.get("version").asText().startsWith("0.8.37+"), name + ": " + compiler);
      JsonNode settings = compiler.get("settings");
      assertEquals(true, settings.get("optimizer").get("enabled").asBoolean(), name);
      assertEquals(200, settings.get("optimizer").get("runs").asInt(), name);
      assertEquals("cancun", settings.get("evmVersion").asText(), name);
      int runtimeSize = (a.deployedBytecode().length() - 2) / 2;
      assertTrue(runtimeSize > 0 && runtimeSize <= 24_576, name + " runtime size " + runtimeSize);
    }
  }
}
