// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import java.util.List;
import java.util.Optional;
import network.perun.api.ChannelId;
import network.perun.api.WireAddress;

/**
 * A durable store of channel snapshots: the persister and the restorer of go-perun in one port.
 *
 * <h2>Writing</h2>
 *
 * <p>The client calls {@link #save} with the full {@link PersistedChannel} after every change of a channel's state
 * machine: created, state staged, signature added, state enabled, phase changed (go-perun's {@code ChannelCreated},
 * {@code Staged}, {@code SigAdded}, {@code Enabled}, {@code PhaseChanged}); and {@link #remove} when the channel is
 * withdrawn ({@code ChannelRemoved}). Each write replaces the channel's whole snapshot atomically: after a crash at
 * any instant a channel is restored either as it was before the write or as it is after it, never a mix.
 *
 * <p><b>The write-ahead rule.</b> A write returns only when it is durable under the store's {@link Durability}.
 * The caller must not send a signature to a peer, and must not report a state as enabled (to the user or to a
 * peer), before the {@code save} of the snapshot that holds it has returned. A node that crashes at any instant
 * therefore never has to deny a signature it gave: whatever it promised, it restores.
 *
 * <p>A store may group concurrent writes into one disk write (group commit); each caller still returns only when
 * its own write is durable. The client never writes one channel from two threads at once (go-perun guarantees the
 * same); writes of different channels may run concurrently.
 *
 * <h2>Reading</h2>
 *
 * <p>{@link #channels()}, {@link #channels(WireAddress)} and {@link #activePeers()} serve the restore on start;
 * {@link #find} and {@link #load} load one channel, for example the parent of a sub-channel. A read sees every
 * write that has returned. A record that does not decode fails the read with a {@link CorruptedStoreException}:
 * a channel is restored whole or not at all.
 *
 * <h2>Life cycle</h2>
 *
 * <p>A store is open from its creation until {@link #close()}; afterwards every call except {@code close} throws
 * {@link StoreClosedException}. Implementations are safe for use by many threads.
 */
public interface ChannelStore extends AutoCloseable {
  /**
   * Stores {@code channel}'s snapshot, replacing the one stored under its ID; returns when the write is durable.
   * The first save of a channel adds it to the listing of each of its peers.
   *
   * @throws ConflictingChannelException if a channel with this ID is stored with other fixed fields (params,
   *     own index, peers or parent); the stored channel stays as it was
   * @throws StoreException if the write fails; the caller must then treat the change as not made
   */
  void save(PersistedChannel channel);

  /**
   * Removes a channel and its rows in the peer listings; returns when the removal is durable.
   *
   * @throws UnknownChannelException if no channel with this ID is stored (also when it was removed before)
   */
  void remove(ChannelId id);

  /** The stored snapshot of channel {@code id}, or empty if there is none. */
  Optional<PersistedChannel> find(ChannelId id);

  /**
   * The stored snapshot of channel {@code id}.
   *
   * @throws UnknownChannelException if no channel with this ID is stored
   */
  default PersistedChannel load(ChannelId id) {
    return find(id).orElseThrow(() -> new UnknownChannelException(id, "load"));
  }

  /** Every stored channel, ordered by channel ID. */
  List<PersistedChannel> channels();

  /**
   * The stored channels that have {@code peer} among their peers, ordered by channel ID; empty for a peer without
   * channels.
   */
  List<PersistedChannel> channels(WireAddress peer);

  /**
   * Every wire address that is a peer of at least one stored channel, in the natural order of {@link WireAddress}.
   * It includes the node's own address, which is among the peers of each of its channels; a restore skips it.
   */
  List<WireAddress> activePeers();

  /**
   * Closes the store after the writes in progress are durable. Closing a closed store does nothing; the client
   * never closes a store it was given (its owner does, like go-perun's {@code Persister.Close}).
   */
  @Override
  void close();
}
