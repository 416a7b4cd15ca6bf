// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import network.perun.api.Params;
import network.perun.api.Transaction;
import network.perun.api.message.Message;
import network.perun.api.message.MessageType;
import org.junit.jupiter.api.Test;

class RandomValuesTest {
  private static final long SEED = 0x5EED_0001L;

  @Test
  void theSameSeedGivesTheSameMessages() {
    RandomValues a = new RandomValues(SEED);
    RandomValues b = new RandomValues(SEED);
    for (int i = 0; i < 200; i++) {
      for (MessageType type : MessageType.values()) {
        assertEquals(a.message(type, 64), b.message(type, 64), "seed " + SEED + ", round " + i + ", " + type);
      }
    }
  }

  @Test
  void everyMessageTypeIsGeneratedWithTheRequestedType() {
    RandomValues rv = new RandomValues(SEED);
    for (int i = 0; i < 300; i++) {
      for (MessageType type : MessageType.values()) {
        Message m = rv.message(type, 65);
        assertEquals(type, m.type(), "seed " + SEED);
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentValues() {
    assertNotEquals(new RandomValues(1).channelId(), new RandomValues(2).channelId());
  }

  @Test
  void amountsCoverZeroSixtyFourBitAndLargeValues() {
    RandomValues rv = new RandomValues(SEED);
    boolean zero = false;
    boolean beyond64 = false;
    for (int i = 0; i < 1000; i++) {
      BigInteger v = rv.amount();
      assertTrue(v.signum() >= 0 && v.bitLength() <= 256, "seed " + SEED + ": " + v);
      zero |= v.signum() == 0;
      beyond64 |= v.bitLength() > 64;
    }
    assertTrue(zero && beyond64, "seed " + SEED + ": zero " + zero + ", beyond 64 bits " + beyond64);
  }

  @Test
  void paramsHaveTheRequestedNumberOfDistinctParticipants() {
    RandomValues rv = new RandomValues(SEED);
    for (int parts = 2; parts <= 6; parts++) {
      Params p = rv.params(parts);
      assertEquals(parts, p.numParticipants(), "seed " + SEED);
      assertEquals(parts, new HashSet<>(p.participants()).size(), "seed " + SEED);
      assertTrue(p.ledger() && !p.virtual(), "seed " + SEED);
    }
  }

  @Test
  void transactionsSignSomeSlotsWithSignaturesOfTheGivenSize() {
    RandomValues rv = new RandomValues(SEED);
    Set<Integer> signedCounts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Transaction tx = rv.transaction(rv.state(rv.channelId(), 2, 4), 64);
      int signed = 0;
      for (var sig : tx.signatures()) {
        if (sig.isPresent()) {
          signed++;
          assertEquals(64, sig.get().bytes().length(), "seed " + SEED);
        }
      }
      signedCounts.add(signed);
    }
    assertTrue(signedCounts.contains(0) && signedCounts.contains(4) && signedCounts.size() > 2, "seed " + SEED + ": " + signedCounts);
  }

  @Test
  void unsignedBitsStaysBelowTheBound() {
    RandomValues rv = new RandomValues(SEED);
    for (int bits = 0; bits <= 256; bits++) {
      BigInteger v = rv.unsignedBits(bits);
      assertTrue(v.signum() >= 0 && v.bitLength() <= bits, "seed " + SEED + ": " + bits + " bits gave " + v);
    }
  }
}
