// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a channel's funds are distributed: the assets, the balances {@code [asset][participant]} and the funds
 * locked in sub-channels.
 *
 * <p>Valid by construction (go-perun's {@code Allocation.Valid}): at least one asset; one balance row per
 * asset, all with the same number of participants; no negative balance; every sub-allocation has exactly one
 * balance per asset; sub-allocation IDs are distinct.
 */
public record Allocation(List<Asset> assets, Balances balances, List<SubAlloc> locked) {
  public Allocation {
    assets = List.copyOf(assets);
    Objects.requireNonNull(balances, "balances");
    locked = List.copyOf(locked);
    InvalidValueException.check(!assets.isEmpty() && assets.size() <= Limits.MAX_ASSETS, "allocation must have 1..%d assets, got %d", Limits.MAX_ASSETS, assets.size());
    InvalidValueException.check(balances.numAssets() == assets.size(), "allocation has %d assets but %d balance rows", assets.size(), balances.numAssets());
    InvalidValueException.check(locked.size() <= Limits.MAX_SUB_ALLOCATIONS, "allocation has %d locked entries, at most %d allowed", locked.size(), Limits.MAX_SUB_ALLOCATIONS);
    Set<ChannelId> ids = new HashSet<>();
    for (SubAlloc sub : locked) {
      InvalidValueException.check(sub.balances().size() == assets.size(), "sub-allocation %s has %d balances, the allocation has %d assets", sub.id(), sub.balances().size(), assets.size());
      InvalidValueException.check(ids.add(sub.id()), "sub-allocation %s appears twice", sub.id());
    }
  }

  /** An allocation without locked funds. */
  public static Allocation of(List<Asset> assets, Balances balances) {
    return new Allocation(assets, balances, List.of());
  }

  public int numParticipants() {
    return balances.numParticipants();
  }

  /** Per asset: the participants' balances plus every locked balance. */
  public List<BigInteger> sums() {
    List<BigInteger> sums = new ArrayList<>(assets.size());
    for (int a = 0; a < assets.size(); a++) {
      BigInteger s = balances.sum(a);
      for (SubAlloc sub : locked) {
        s = s.add(sub.balances().get(a));
      }
      sums.add(s);
    }
    return List.copyOf(sums);
  }

  /** A copy with other balances; assets and locked funds unchanged. */
  public Allocation withBalances(Balances newBalances) {
    return new Allocation(assets, newBalances, locked);
  }
}
