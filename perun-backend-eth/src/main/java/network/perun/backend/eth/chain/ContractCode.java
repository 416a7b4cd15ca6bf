// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import network.perun.api.Bytes;
import network.perun.api.PerunException;
import network.perun.backend.eth.crypto.Keccak;

/**
 * Our compiled contracts' runtime code (the JSON artifacts beside this class, written by {@code contracts/compile.js})
 * and the check that code on chain is one of them.
 *
 * <p>Code matches if its Keccak-256 hash is on the configured allow-list, or if it equals our runtime code once the
 * immutables (the adjudicator address, the token address) are zeroed where the artifact's
 * {@code immutableReferences} put them; the caller checks the immutables' values through their getters.
 */
public final class ContractCode {
  private static final String DIR = "/network/perun/backend/eth/contracts/";

  private final String name;
  private final byte[] runtime;
  private final int[][] immutables;

  private ContractCode(String name, byte[] runtime, int[][] immutables) {
    this.name = name;
    this.runtime = runtime;
    this.immutables = immutables;
  }

  /** Our contract {@code name} (Adjudicator, AssetHolderETH, AssetHolderERC20, PerunToken, TrivialApp). */
  public static ContractCode load(String name) {
    try (InputStream in = ContractCode.class.getResourceAsStream(DIR + name + ".json")) {
      if (in == null) {
        throw new PerunException("no contract artifact " + DIR + name + ".json on the class path");
      }
      JsonNode json = new ObjectMapper().readTree(in);
      byte[] runtime = Bytes.fromHex(json.get("deployedBytecode").asText()).toArray();
      java.util.List<int[]> refs = new java.util.ArrayList<>();
      json.path("immutableReferences").forEach(list -> list.forEach(r -> refs.add(new int[] {r.get("start").asInt(), r.get("length").asInt()})));
      return new ContractCode(name, runtime, refs.toArray(new int[0][]));
    } catch (IOException e) {
      throw new PerunException("cannot read contract artifact " + name + ": " + e.getMessage(), e);
    }
  }

  /** The creation code of our contract {@code name}, to deploy it (constructor arguments appended by the caller). */
  public static Bytes creationCode(String name) {
    try (InputStream in = ContractCode.class.getResourceAsStream(DIR + name + ".json")) {
      if (in == null) {
        throw new PerunException("no contract artifact " + DIR + name + ".json on the class path");
      }
      return Bytes.fromHex(new ObjectMapper().readTree(in).get("bytecode").asText());
    } catch (IOException e) {
      throw new PerunException("cannot read contract artifact " + name + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /** Whether {@code code} is this contract (immutables aside) or its hash is in {@code allowedHashes}. */
  public boolean matches(Bytes code, Set<Bytes> allowedHashes) {
    if (allowedHashes.contains(Bytes.wrap(Keccak.keccak256(code.toArray())))) {
      return true;
    }
    byte[] onChain = code.toArray();
    if (onChain.length != runtime.length) {
      return false;
    }
    for (int[] ref : immutables) {
      if (ref[0] + ref[1] <= onChain.length) {
        Arrays.fill(onChain, ref[0], ref[0] + ref[1], (byte) 0);
      }
    }
    return Arrays.equals(onChain, runtime);
  }
}
