// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import network.perun.api.ChannelId;
import network.perun.api.WireAddress;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.PersistedChannel;

/**
 * A channel store that tells an {@link Observer} about every write: just before it is made and just after it is
 * durable. The crashing process uses it to report its writes and to stop at a chosen one; the test process uses it
 * to record every fully signed state Robert ever held.
 */
final class ObservedStore implements ChannelStore {
  /** One write: the {@code number}-th of this store object (from 1), a save with its snapshot or a removal. */
  record Write(int number, ChannelId id, Optional<PersistedChannel> saved) {
    /** The written phase, or {@code "REMOVE"} for a removal. */
    String kind() {
      return saved.map(c -> c.phase().name()).orElse("REMOVE");
    }

    /** The line the crashing process prints: {@code SAVE n id phase version digest staged} or {@code REMOVE n id}. */
    String line() {
      if (saved.isEmpty()) {
        return "REMOVE " + number + " " + id.bytes().toHex();
      }
      PersistedChannel c = saved.get();
      String current = c.current().map(t -> t.state().version() + " " + CrashScript.digest(t.state())).orElse("- -");
      String staged = c.staging().map(t -> Long.toString(t.state().version())).orElse("-");
      return "SAVE " + number + " " + id.bytes().toHex() + " " + c.phase() + " " + current + " " + staged;
    }
  }

  /** Told about each write. It may block (to stop the process at that point); exceptions fail the write. */
  interface Observer {
    void before(Write write);

    void after(Write write);
  }

  private final ChannelStore inner;
  private final Observer observer;
  private final AtomicInteger writes = new AtomicInteger();

  ObservedStore(ChannelStore inner, Observer observer) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  @Override
  public void save(PersistedChannel channel) {
    Write w = new Write(writes.incrementAndGet(), channel.id(), Optional.of(channel));
    observer.before(w);
    inner.save(channel);
    observer.after(w);
  }

  @Override
  public void remove(ChannelId id) {
    Write w = new Write(writes.incrementAndGet(), id, Optional.empty());
    observer.before(w);
    inner.remove(id);
    observer.after(w);
  }

  @Override
  public Optional<PersistedChannel> find(ChannelId id) {
    return inner.find(id);
  }

  @Override
  public List<PersistedChannel> channels() {
    return inner.channels();
  }

  @Override
  public List<PersistedChannel> channels(WireAddress peer) {
    return inner.channels(peer);
  }

  @Override
  public List<WireAddress> activePeers() {
    return inner.activePeers();
  }

  @Override
  public void close() {
    inner.close();
  }
}
