// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import network.perun.api.Bytes;
import network.perun.backend.eth.abi.AbiDecodingException;
import network.perun.backend.eth.abi.AbiReader;

/**
 * Turns revert data into a readable reason.
 *
 * <pre>
 * Error(string)   0x08c379a0 || abi.encode(string)      require(cond, "reason") / revert("reason")
 * Panic(uint256)  0x4e487b71 || abi.encode(uint256)     0x01 assert, 0x11 overflow, 0x12 division by zero, 0x32 index
 * </pre>
 */
public final class RevertReason {
  private static final String ERROR = "08c379a0";
  private static final String PANIC = "4e487b71";

  private RevertReason() {}

  /** The reason in {@code data}; the hex data itself for custom errors; empty for no data. */
  public static Optional<String> decode(Bytes data) {
    if (data.isEmpty()) {
      return Optional.empty();
    }
    String hex = data.toHex();
    try {
      if (hex.startsWith(ERROR)) {
        AbiReader r = new AbiReader(data.toArray());
        return Optional.of(new String(r.bytes(r.offset(4, 4)), StandardCharsets.UTF_8));
      }
      if (hex.startsWith(PANIC)) {
        return Optional.of("panic 0x" + new AbiReader(data.toArray()).uint(4).toString(16));
      }
    } catch (AbiDecodingException malformed) {
      return Optional.of("malformed revert data " + data);
    }
    return Optional.of("custom error " + data);
  }

  /** The reason a failed {@code eth_call} or {@code eth_estimateGas} carries: its revert data, else its message. */
  public static String of(RpcException e) {
    Optional<String> fromData = e.data().filter(d -> d.startsWith("0x")).flatMap(d -> {
      try {
        return decode(Bytes.fromHex(d));
      } catch (RuntimeException notHex) {
        return Optional.empty();
      }
    });
    return fromData.orElse(e.getMessage());
  }
}
