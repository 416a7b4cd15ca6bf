// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import org.junit.jupiter.api.Test;

class SimAssetTest {
  @Test
  void anAssetIsItsNumberInEightBigEndianBytes() {
    assertEquals(new Asset(0, Bytes.fromHex("0000000000000102")), SimAsset.of(258));
    assertEquals(new Asset(0, Bytes.fromHex("ffffffffffffffff")), SimAsset.of(-1));
  }

  @Test
  void theNumberRoundTrips() {
    for (long id : new long[] {0, 1, 258, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
      assertEquals(id, SimAsset.id(SimAsset.of(id)));
    }
  }

  @Test
  void anAssetOfAnotherBackendOrLengthIsNoSimAsset() {
    assertThrows(InvalidValueException.class, () -> SimAsset.id(new Asset(1, Bytes.zeros(8))));
    assertThrows(InvalidValueException.class, () -> SimAsset.id(new Asset(0, Bytes.zeros(9))));
  }
}
