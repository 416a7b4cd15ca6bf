// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChannelIdTest {
  @Test
  void shortHexIsTheFirstFourBytesInLowerCaseHex() {
    ChannelId id = ChannelId.fromHex("00ff7a0b" + "c3".repeat(28));
    assertEquals("00ff7a0b", id.shortHex());
  }

  @Test
  void shortHexIsThePrefixOfTheFullHex() {
    long seed = 0x5EED_C4A7L;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[ChannelId.LENGTH];
      random.nextBytes(b);
      ChannelId id = ChannelId.of(b);
      assertEquals(id.bytes().toHex().substring(0, 8), id.shortHex(), "seed " + seed + ", id " + id);
    }
  }
}
