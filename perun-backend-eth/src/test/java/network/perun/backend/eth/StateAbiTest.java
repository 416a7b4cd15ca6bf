// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.perun.api.Allocation;
import network.perun.api.Asset;
import network.perun.api.InvalidValueException;
import network.perun.api.State;
import network.perun.backend.eth.abi.AbiValue;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.Test;

/** The direct state encoder writes exactly what the ABI value tree encodes, and refuses what it refuses. */
class StateAbiTest {
  private static final long SEED = 4242;

  private static byte[] reference(State state) {
    return AbiValue.encode(PerunAbi.state(state));
  }

  @Test
  void equalsTheAbiValueEncodingOnRandomStates() {
    RandomValues rnd = new RandomValues(SEED);
    int encoded = 0;
    int refused = 0;
    for (int i = 0; i < 1500; i++) {
      State s = rnd.state(rnd.channelId(), rnd.assets(), rnd.parts());
      if (rnd.chance(0.5)) { // valid Ethereum assets (random ones of backend 1 have the wrong length)
        List<Asset> assets = new ArrayList<>();
        for (int a = 0; a < s.allocation().assets().size(); a++) {
          assets.add(new EthAsset(rnd.unsignedBits(rnd.between(1, 256)), EthAddress.of(rnd.bytes(20).toArray())).toAsset());
        }
        s = s.withAllocation(new Allocation(assets, s.allocation().balances(), s.allocation().locked()));
      }
      if (rnd.chance(0.2)) {
        s = s.withData(rnd.bytes(rnd.between(0, 100)));
      }
      String where = "state " + i + " (seed " + SEED + "): " + s;
      byte[] expected;
      try {
        expected = reference(s);
      } catch (InvalidValueException e) {
        State bad = s;
        InvalidValueException ours = org.junit.jupiter.api.Assertions.assertThrows(InvalidValueException.class, () -> StateAbi.encode(bad), where);
        assertEquals(e.getMessage(), ours.getMessage(), where);
        refused++;
        continue;
      }
      assertArrayEquals(expected, StateAbi.encode(s), where);
      assertArrayEquals(expected, PerunAbi.encode(s), where);
      encoded++;
    }
    assertTrue(encoded > 500 && refused > 50, "both valid and refused states were tried: " + encoded + ", " + refused + " (seed " + SEED + ")");
  }

  @Test
  void aBalanceOver256BitsIsRefused() {
    RandomValues rnd = new RandomValues(SEED + 1);
    State s = rnd.state(rnd.channelId(), 1, 2);
    List<Asset> assets = List.of(new Asset(0, rnd.bytes(8)));
    s = s.withAllocation(new Allocation(assets, network.perun.api.Balances.of(List.of(List.of(BigInteger.ONE.shiftLeft(256), BigInteger.ONE))), List.of()));
    State tooBig = s;
    InvalidValueException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidValueException.class, () -> StateAbi.encode(tooBig));
    assertTrue(e.getMessage().contains("uint256"), e.getMessage());
  }
}
