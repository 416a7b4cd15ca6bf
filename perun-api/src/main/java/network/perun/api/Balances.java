// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The balances of a channel, indexed {@code [asset][participant]}, as non-negative big integers.
 *
 * <p>Immutable: the {@code with...} methods return a new instance. Every row has the same number of
 * participants. A balance must fit the wire format ({@link Limits#MAX_BIG_INT_BYTES} bytes).
 */
public final class Balances {
  private final BigInteger[][] values;

  private Balances(BigInteger[][] values) {
    this.values = values;
  }

  /**
   * Balances from rows, one row per asset, each with one entry per participant.
   *
   * @throws InvalidValueException for no asset, ragged rows, a negative or oversized balance
   */
  public static Balances of(List<List<BigInteger>> rows) {
    Objects.requireNonNull(rows, "rows");
    InvalidValueException.check(!rows.isEmpty() && rows.size() <= Limits.MAX_ASSETS, "balances must have 1..%d assets, got %d", Limits.MAX_ASSETS, rows.size());
    int parts = rows.get(0).size();
    InvalidValueException.check(parts >= 1 && parts <= Limits.MAX_PARTICIPANTS, "balances must have 1..%d participants, got %d", Limits.MAX_PARTICIPANTS, parts);
    BigInteger[][] v = new BigInteger[rows.size()][];
    for (int a = 0; a < rows.size(); a++) {
      List<BigInteger> row = rows.get(a);
      InvalidValueException.check(row.size() == parts, "balances row %d has %d participants, row 0 has %d", a, row.size(), parts);
      v[a] = new BigInteger[parts];
      for (int p = 0; p < parts; p++) {
        v[a][p] = checkAmount(row.get(p), "balance[" + a + "][" + p + "]");
      }
    }
    return new Balances(v);
  }

  /** One asset with the given per-participant balances. */
  public static Balances ofSingleAsset(BigInteger... perParticipant) {
    return of(List.of(Arrays.asList(perParticipant)));
  }

  /** Balances of {@code assets} x {@code parts} zeros. */
  public static Balances zeros(int assets, int parts) {
    List<List<BigInteger>> rows = new ArrayList<>();
    for (int a = 0; a < assets; a++) {
      rows.add(java.util.Collections.nCopies(parts, BigInteger.ZERO));
    }
    return of(rows);
  }

  /** Checks that {@code amount} is a valid balance: present, not negative, within the wire limit. */
  public static BigInteger checkAmount(BigInteger amount, String what) {
    InvalidValueException.check(amount != null, "%s must not be null", what);
    InvalidValueException.check(amount.signum() >= 0, "%s must not be negative: %s", what, amount);
    InvalidValueException.check(amount.bitLength() <= Limits.MAX_BIG_INT_BYTES * 8, "%s is too large (%d bits): %s", what, amount.bitLength(), amount);
    return amount;
  }

  public int numAssets() {
    return values.length;
  }

  public int numParticipants() {
    return values[0].length;
  }

  public BigInteger get(int asset, int participant) {
    return values[asset][participant];
  }

  /** The balances of one asset, one per participant. */
  public List<BigInteger> row(int asset) {
    return List.of(values[asset]);
  }

  /** Every row, as immutable lists. */
  public List<List<BigInteger>> rows() {
    List<List<BigInteger>> out = new ArrayList<>(values.length);
    for (BigInteger[] row : values) {
      out.add(List.of(row));
    }
    return List.copyOf(out);
  }

  /** The sum over participants of one asset. */
  public BigInteger sum(int asset) {
    BigInteger s = BigInteger.ZERO;
    for (BigInteger b : values[asset]) {
      s = s.add(b);
    }
    return s;
  }

  /** A copy with one balance replaced. */
  public Balances with(int asset, int participant, BigInteger value) {
    checkAmount(value, "balance[" + asset + "][" + participant + "]");
    Objects.checkIndex(asset, values.length);
    Objects.checkIndex(participant, values[asset].length);
    BigInteger[][] v = copy();
    v[asset][participant] = value;
    return new Balances(v);
  }

  /**
   * A copy where {@code amount} of {@code asset} moved from participant {@code from} to {@code to}.
   *
   * @throws InvalidValueException if the amount is negative or more than {@code from} holds
   */
  public Balances transfer(int asset, int from, int to, BigInteger amount) {
    checkAmount(amount, "transfer amount");
    BigInteger have = values[asset][from];
    InvalidValueException.check(have.compareTo(amount) >= 0, "participant %d holds %s of asset %d, cannot transfer %s", from, have, asset, amount);
    BigInteger[][] v = copy();
    v[asset][from] = have.subtract(amount);
    v[asset][to] = v[asset][to].add(amount);
    return new Balances(v);
  }

  private BigInteger[][] copy() {
    BigInteger[][] v = new BigInteger[values.length][];
    for (int a = 0; a < values.length; a++) {
      v[a] = values[a].clone();
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Balances other && Arrays.deepEquals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.deepToString(values);
  }
}
