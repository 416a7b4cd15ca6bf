// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.util.Arrays;

/**
 * Summary of measured latencies (nanoseconds): nearest-rank percentiles over every sample, no histogram
 * bucketing.
 */
record Latencies(int count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

  /** The summary of {@code nanos} (the array is sorted in place). */
  static Latencies of(long[] nanos) {
    if (nanos.length == 0) {
      return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    Arrays.sort(nanos);
    double sum = 0;
    for (long n : nanos) {
      sum += n;
    }
    return new Latencies(nanos.length, ms(sum / nanos.length), ms(rank(nanos, 0.50)), ms(rank(nanos, 0.90)), ms(rank(nanos, 0.99)),
        ms(nanos[nanos.length - 1]));
  }

  /** The nearest-rank percentile: the smallest sample with at least {@code q} of all samples at or below it. */
  private static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(double nanos) {
    return nanos / 1e6;
  }
}
