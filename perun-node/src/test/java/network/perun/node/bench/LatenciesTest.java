// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void percentilesAreNearestRankOverEverySample() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted
    }
    Latencies l = Latencies.of(nanos);
    assertEquals(100, l.count());
    assertEquals(50.0, l.p50Ms());
    assertEquals(90.0, l.p90Ms());
    assertEquals(99.0, l.p99Ms());
    assertEquals(100.0, l.maxMs());
    assertEquals(50.5, l.meanMs(), 1e-9);
  }

  @Test
  void oneSampleIsEveryPercentile() {
    Latencies l = Latencies.of(new long[] {2_500_000L});
    assertEquals(2.5, l.p50Ms());
    assertEquals(2.5, l.p99Ms());
  }

  @Test
  void noSampleGivesNaN() {
    assertTrue(Double.isNaN(Latencies.of(new long[0]).p50Ms()));
  }
}
