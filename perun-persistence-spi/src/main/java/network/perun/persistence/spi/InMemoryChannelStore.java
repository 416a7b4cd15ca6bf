// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import network.perun.api.ChannelId;
import network.perun.api.WireAddress;

/**
 * A channel store in memory, the reference implementation of {@link ChannelStore} for tests and for nodes that
 * need no durability. Every write is "durable" as soon as it returns, for as long as the process lives.
 *
 * <p>{@link #reopen()} stands in for closing a durable store and opening it again on the same location, so tests
 * can restart a client on the same channels.
 */
public final class InMemoryChannelStore implements ChannelStore {
  private final TreeMap<ChannelId, PersistedChannel> channels;
  private final Map<WireAddress, SortedSet<ChannelId>> byPeer = new TreeMap<>();
  private boolean closed;

  /** An empty, open store. */
  public InMemoryChannelStore() {
    this(new TreeMap<>());
  }

  private InMemoryChannelStore(TreeMap<ChannelId, PersistedChannel> channels) {
    this.channels = channels;
    for (PersistedChannel c : channels.values()) {
      index(c);
    }
  }

  /**
   * A new open store holding the channels of this closed store, as a durable store would after a restart.
   *
   * @throws StoreLockedException if this store is still open
   */
  public synchronized InMemoryChannelStore reopen() {
    if (!closed) {
      throw new StoreLockedException(this + " is still open: close it before opening its channels again");
    }
    return new InMemoryChannelStore(new TreeMap<>(channels));
  }

  @Override
  public synchronized void save(PersistedChannel channel) {
    Objects.requireNonNull(channel, "channel");
    ensureOpen();
    PersistedChannel stored = channels.get(channel.id());
    if (stored != null) {
      String differences = stored.fixedFieldDifferences(channel);
      if (!differences.isEmpty()) {
        throw new ConflictingChannelException(channel.id(), differences);
      }
    } else {
      index(channel);
    }
    channels.put(channel.id(), channel);
  }

  private void index(PersistedChannel channel) {
    for (WireAddress peer : channel.peers()) {
      byPeer.computeIfAbsent(peer, p -> new TreeSet<>()).add(channel.id());
    }
  }

  @Override
  public synchronized void remove(ChannelId id) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    PersistedChannel stored = channels.remove(id);
    if (stored == null) {
      throw new UnknownChannelException(id, "remove");
    }
    for (WireAddress peer : stored.peers()) {
      SortedSet<ChannelId> ids = byPeer.get(peer);
      if (ids != null) {
        ids.remove(id);
        if (ids.isEmpty()) {
          byPeer.remove(peer);
        }
      }
    }
  }

  @Override
  public synchronized Optional<PersistedChannel> find(ChannelId id) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    return Optional.ofNullable(channels.get(id));
  }

  @Override
  public synchronized List<PersistedChannel> channels() {
    ensureOpen();
    return List.copyOf(channels.values());
  }

  @Override
  public synchronized List<PersistedChannel> channels(WireAddress peer) {
    Objects.requireNonNull(peer, "peer");
    ensureOpen();
    List<PersistedChannel> out = new ArrayList<>();
    for (ChannelId id : byPeer.getOrDefault(peer, new TreeSet<>())) {
      out.add(channels.get(id));
    }
    return List.copyOf(out);
  }

  @Override
  public synchronized List<WireAddress> activePeers() {
    ensureOpen();
    return List.copyOf(byPeer.keySet());
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException(toString());
    }
  }

  @Override
  public String toString() {
    return "in-memory channel store@" + Integer.toHexString(System.identityHashCode(this));
  }
}
