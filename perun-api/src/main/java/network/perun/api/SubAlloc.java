// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * Funds of a parent channel locked into a sub-channel or virtual channel.
 *
 * @param id the child channel's ID
 * @param balances one total per asset, summed over the child's participants
 * @param indexMap for virtual channels, the parent participant index of each child participant; empty for
 *     sub-channels (same participants as the parent)
 */
public record SubAlloc(ChannelId id, List<BigInteger> balances, List<Integer> indexMap) {
  public SubAlloc {
    Objects.requireNonNull(id, "id");
    balances = List.copyOf(balances);
    indexMap = List.copyOf(indexMap);
    InvalidValueException.check(!balances.isEmpty() && balances.size() <= Limits.MAX_ASSETS, "sub-allocation %s must have 1..%d balances, got %d", id, Limits.MAX_ASSETS, balances.size());
    for (int i = 0; i < balances.size(); i++) {
      Balances.checkAmount(balances.get(i), "sub-allocation " + id + " balance[" + i + "]");
    }
    InvalidValueException.check(indexMap.size() <= Limits.MAX_PARTICIPANTS, "sub-allocation %s index map has %d entries, at most %d allowed", id, indexMap.size(), Limits.MAX_PARTICIPANTS);
    for (int i = 0; i < indexMap.size(); i++) {
      int idx = indexMap.get(i);
      InvalidValueException.check(idx >= 0 && idx < Limits.MAX_PARTICIPANTS, "sub-allocation %s index map entry %d out of range: %d", id, i, idx);
    }
  }
}
