// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.util.Optional;
import network.perun.persistence.spi.Durability;

/** How {@code perun bench} persists channels: LevelDB with synced or unsynced writes, or not at all. */
public enum BenchDurability {
  /** LevelDB, every write batch synced to disk before it returns (what a node should run with). */
  sync(Optional.of(Durability.SYNC), "LevelDB, synced writes (fsync per write batch)"),
  /** LevelDB, writes handed to the operating system (survives a process crash, not a machine crash). */
  async(Optional.of(Durability.ASYNC), "LevelDB, unsynced writes (survive a process crash, not a power loss)"),
  /** No store: channels in memory only; a baseline to measure what persistence costs. */
  none(Optional.empty(), "none (channels in memory only; baseline for the cost of persistence)");

  final Optional<Durability> durability;
  final String description;

  BenchDurability(Optional<Durability> durability, String description) {
    this.durability = durability;
    this.description = description;
  }
}
