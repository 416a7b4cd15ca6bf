// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.WireAddress;
import network.perun.core.channel.ChannelMachine;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.ConflictingChannelException;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.persistence.spi.StoreClosedException;
import network.perun.persistence.spi.UnknownChannelException;
import network.perun.testkit.random.RandomChannels;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link ChannelStore} must show (go-perun's {@code GenericPersistRestorerTest}, extended):
 * many channels per peer stepped through every phase and restored equal, the peer listings, removal, misuse with
 * typed errors, a store closed and opened again on the same location, and concurrent writers.
 *
 * <p>A store runs it with two factory methods:
 *
 * <pre>{@code
 * class LevelDbChannelStoreConformanceTest extends ChannelStoreConformanceTest {
 *   @TempDir Path dir;
 *   protected ChannelStore openStore() { return LevelDbChannelStore.open(dir, Durability.ASYNC, signatureSize()); }
 *   protected ChannelStore reopenStore(ChannelStore closed) { return openStore(); }
 * }
 * }</pre>
 *
 * <p>Every snapshot the suite saves is one the channel state machine accepts ({@link ChannelMachine#of}), and every
 * restored one is checked to rebuild a machine.
 */
public abstract class ChannelStoreConformanceTest {
  /** Seed base (go-perun's 1337); each test mixes in its name and prints the seed on failure. */
  public static final long SEED = 1337;

  protected long seed;
  protected RandomValues random;
  protected RandomChannels snapshots;
  protected ChannelStore store;

  /** A new, empty, open store for one test. */
  protected abstract ChannelStore openStore();

  /**
   * A store opened on the same location as {@code closed}, which the suite has just closed: what a node opens when
   * it restarts.
   */
  protected abstract ChannelStore reopenStore(ChannelStore closed);

  /** The length of the signatures in the saved channels; the store must be opened for it. */
  protected int signatureSize() {
    return 64;
  }

  @BeforeEach
  void openTheStore(TestInfo info) {
    seed = SEED ^ (info.getTestMethod().map(m -> m.getName()).orElse("") + info.getDisplayName()).hashCode();
    random = new RandomValues(seed);
    snapshots = new RandomChannels(random, signatureSize());
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    store.close();
  }

  protected String seedInfo() {
    return " (seed " + seed + ")";
  }

  /** Closes the store and opens it again on the same location. */
  protected void restart() {
    store.close();
    store = reopenStore(store);
  }

  // ---- tests ----

  @Test
  public void emptyStoreHoldsNothing() {
    ChannelId id = random.channelId();
    assertEquals(Optional.empty(), store.find(id), seedInfo());
    assertEquals(List.of(), store.channels(), seedInfo());
    assertEquals(List.of(), store.channels(random.wireAddress(0)), seedInfo());
    assertEquals(List.of(), store.activePeers(), seedInfo());
    restart();
    assertEquals(List.of(), store.channels(), seedInfo());
  }

  /**
   * go-perun's GenericPersistRestorerTest: four peers with six two-party channels each (every second one a
   * sub-channel of the one before) and three three-party channels, stepped one event at a time through their whole
   * lives, half of them on the dispute path; after every step everything is restored and compared, and half-way
   * the store is restarted.
   */
  @Test
  public void manyChannelsPerPeerThroughEveryPhase() {
    WireAddress self = random.wireAddress(0);
    List<WireAddress> others = snapshots.distinctWireAddresses(4);
    List<List<PersistedChannel>> lives = new ArrayList<>();
    for (WireAddress peer : others) {
      Optional<ChannelId> parent = Optional.empty();
      for (int i = 0; i < 6; i++) {
        PersistedChannel created = snapshots.created(self, List.of(peer), i % 2 == 1 ? parent : Optional.empty());
        parent = Optional.of(created.id());
        lives.add(snapshots.life(created, lives.size() % 2 == 1));
      }
    }
    for (int i = 0; i < 3; i++) {
      lives.add(snapshots.life(snapshots.created(self, List.of(others.get(i), others.get((i + 1) % others.size())), Optional.empty()), i == 0));
    }
    Set<Phase> covered = EnumSet.noneOf(Phase.class);
    lives.forEach(life -> life.forEach(c -> covered.add(c.phase())));
    assertEquals(EnumSet.allOf(Phase.class), covered, "the suite must step through every phase" + seedInfo());

    Map<ChannelId, PersistedChannel> model = new TreeMap<>();
    int longest = lives.stream().mapToInt(List::size).max().orElseThrow();
    for (int step = 0; step <= longest; step++) {
      for (int i = 0; i < lives.size(); i++) {
        List<PersistedChannel> life = lives.get(i);
        if (step < life.size()) {
          PersistedChannel c = life.get(step);
          store.save(c);
          model.put(c.id(), c);
        } else if (step == life.size() && i % 3 == 0) {
          ChannelId id = life.get(0).id();
          store.remove(id);
          model.remove(id);
        }
      }
      assertRestores(model, "after step " + step);
      if (step == longest / 2) {
        restart();
        assertRestores(model, "after the restart at step " + step);
      }
    }
    restart();
    assertRestores(model, "after the final restart");
    for (ChannelId id : new ArrayList<>(model.keySet())) {
      store.remove(id);
      model.remove(id);
    }
    assertRestores(model, "after removing every channel");
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  public void channelInEachPhaseRoundTripsAndSurvivesARestart(Phase phase) {
    Map<ChannelId, PersistedChannel> model = new TreeMap<>();
    for (int i = 0; i < 8; i++) {
      int parts = random.between(2, 5);
      Optional<ChannelId> parent = random.chance(0.5) ? Optional.of(random.channelId()) : Optional.empty();
      PersistedChannel c = snapshots.inPhase(snapshots.created(random.wireAddress(random.backendId()), snapshots.distinctWireAddresses(parts - 1), parent), phase);
      store.save(c);
      model.put(c.id(), c);
      assertEquals(Optional.of(c), store.find(c.id()), "phase " + phase + seedInfo());
    }
    assertRestores(model, "phase " + phase);
    restart();
    assertRestores(model, "phase " + phase + " after a restart");
  }

  @Test
  public void saveReplacesTheSnapshot() {
    WireAddress self = random.wireAddress(0);
    List<PersistedChannel> life = snapshots.life(snapshots.created(self, snapshots.distinctWireAddresses(1), Optional.empty()), false);
    for (PersistedChannel c : life) {
      store.save(c);
      assertEquals(c, store.load(c.id()), "phase " + c.phase() + seedInfo());
      assertEquals(List.of(c), store.channels(), seedInfo());
    }
    store.save(life.get(2));
    assertEquals(life.get(2), store.load(life.get(2).id()), "an older snapshot saved again replaces the newer one" + seedInfo());
  }

  @Test
  public void removeDropsTheChannelAndItsPeerRows() {
    WireAddress self = random.wireAddress(0);
    List<WireAddress> peers = snapshots.distinctWireAddresses(2);
    PersistedChannel a = snapshots.inPhase(snapshots.created(self, List.of(peers.get(0)), Optional.empty()), Phase.ACTING);
    PersistedChannel b = snapshots.inPhase(snapshots.created(self, List.of(peers.get(0)), Optional.empty()), Phase.SIGNING);
    PersistedChannel c = snapshots.inPhase(snapshots.created(self, List.of(peers.get(1)), Optional.of(a.id())), Phase.FINAL);
    Map<ChannelId, PersistedChannel> model = new TreeMap<>();
    for (PersistedChannel x : List.of(a, b, c)) {
      store.save(x);
      model.put(x.id(), x);
    }
    assertRestores(model, "before removals");
    store.remove(a.id());
    model.remove(a.id());
    assertRestores(model, "after removing one of two channels of a peer");
    assertEquals(Optional.empty(), store.find(a.id()), seedInfo());
    assertEquals(c, store.load(c.id()), "a sub-channel outlives its removed parent in the store" + seedInfo());
    store.remove(b.id());
    model.remove(b.id());
    assertRestores(model, "after removing the last channel of a peer");
    assertEquals(List.of(), store.channels(peers.get(0)), seedInfo());
    restart();
    assertRestores(model, "after a restart");
  }

  @Test
  public void removedChannelCanBeSavedAgain() {
    PersistedChannel c = snapshots.inPhase(snapshots.created(random.wireAddress(0), snapshots.distinctWireAddresses(1), Optional.empty()), Phase.WITHDRAWN);
    store.save(c);
    store.remove(c.id());
    PersistedChannel again = c.withState(Phase.WITHDRAWING, c.current(), Optional.empty());
    store.save(again);
    assertRestores(new TreeMap<>(Map.of(c.id(), again)), "after saving a removed channel again");
  }

  @Test
  public void removingTwiceOrAnUnknownChannelIsATypedError() {
    PersistedChannel c = snapshots.inPhase(snapshots.created(random.wireAddress(0), snapshots.distinctWireAddresses(1), Optional.empty()), Phase.FUNDING);
    store.save(c);
    store.remove(c.id());
    UnknownChannelException twice = assertThrows(UnknownChannelException.class, () -> store.remove(c.id()), seedInfo());
    assertEquals(c.id(), twice.channelId(), seedInfo());
    assertTrue(twice.getMessage().contains(c.id().toString()), "the message names the channel: " + twice.getMessage() + seedInfo());
    ChannelId unknown = random.channelId();
    assertThrows(UnknownChannelException.class, () -> store.remove(unknown), seedInfo());
    restart();
    assertThrows(UnknownChannelException.class, () -> store.remove(c.id()), "removed twice across a restart" + seedInfo());
  }

  @Test
  public void loadingAnUnknownChannelIsATypedError() {
    store.save(snapshots.inPhase(snapshots.created(random.wireAddress(0), snapshots.distinctWireAddresses(1), Optional.empty()), Phase.ACTING));
    ChannelId unknown = random.channelId();
    UnknownChannelException e = assertThrows(UnknownChannelException.class, () -> store.load(unknown), seedInfo());
    assertEquals(unknown, e.channelId(), seedInfo());
    assertTrue(e.getMessage().contains(unknown.toString()), "the message names the channel: " + e.getMessage() + seedInfo());
    assertEquals(Optional.empty(), store.find(unknown), seedInfo());
  }

  @Test
  public void saveThatChangesAFixedFieldIsRefusedAndChangesNothing() {
    WireAddress self = random.wireAddress(0);
    PersistedChannel c = snapshots.inPhase(snapshots.created(self, snapshots.distinctWireAddresses(2), Optional.of(random.channelId())), Phase.ACTING);
    store.save(c);
    List<WireAddress> peersBefore = store.activePeers();
    List<WireAddress> otherPeers = new ArrayList<>(c.peers());
    otherPeers.set((c.ownIndex() + 1) % otherPeers.size(), random.wireAddress(0));
    Params otherParams = random.params(c.params().numParticipants());
    Map<String, PersistedChannel> conflicts = new LinkedHashMap<>();
    conflicts.put("peers", new PersistedChannel(c.id(), c.params(), c.ownIndex(), c.phase(), c.current(), c.staging(), otherPeers, c.parent()));
    conflicts.put("own index", new PersistedChannel(c.id(), c.params(), (c.ownIndex() + 1) % 3, c.phase(), c.current(), c.staging(), c.peers(), c.parent()));
    conflicts.put("parent", new PersistedChannel(c.id(), c.params(), c.ownIndex(), c.phase(), c.current(), c.staging(), c.peers(), Optional.empty()));
    conflicts.put("params", new PersistedChannel(c.id(), otherParams, c.ownIndex(), c.phase(), c.current(), c.staging(), c.peers(), c.parent()));
    conflicts.put("funding agreement", new PersistedChannel(c.id(), c.params(), c.ownIndex(), c.phase(), c.current(), c.staging(), c.peers(), c.parent(),
        Optional.of(random.balances(1, c.params().numParticipants()))));
    for (Map.Entry<String, PersistedChannel> conflict : conflicts.entrySet()) {
      ConflictingChannelException e = assertThrows(ConflictingChannelException.class, () -> store.save(conflict.getValue()), conflict.getKey() + seedInfo());
      assertEquals(c.id(), e.channelId(), seedInfo());
      assertTrue(e.getMessage().contains(conflict.getKey()), "the message names the field: " + e.getMessage() + seedInfo());
      assertEquals(c, store.load(c.id()), "a refused save changes nothing (" + conflict.getKey() + ")" + seedInfo());
      assertEquals(peersBefore, store.activePeers(), "a refused save adds no peer (" + conflict.getKey() + ")" + seedInfo());
    }
  }

  @Test
  public void activePeersListEveryPeerOnceIncludingOurOwnAddress() {
    WireAddress self = random.wireAddress(0);
    List<WireAddress> others = snapshots.distinctWireAddresses(5);
    for (int i = 0; i < 12; i++) {
      store.save(snapshots.inPhase(snapshots.created(self, List.of(others.get(i % others.size())), Optional.empty()), Phase.ACTING));
    }
    TreeSet<WireAddress> expected = new TreeSet<>(others);
    expected.add(self);
    assertEquals(List.copyOf(expected), store.activePeers(), seedInfo());
    assertEquals(12, store.channels(self).size(), "our own address lists every channel" + seedInfo());
    assertEquals(List.of(), store.channels(random.wireAddress(0)), "a stranger has no channels" + seedInfo());
    WireAddress sameBytesOtherBackend = new WireAddress(self.backendId() + 1, self.bytes());
    assertEquals(List.of(), store.channels(sameBytesOtherBackend), "peers of other backends are distinct" + seedInfo());
    WireAddress prefixOfAPeer = new WireAddress(others.get(0).backendId(), Bytes.of(others.get(0).bytes().toArray(), 0, 31));
    assertEquals(List.of(), store.channels(prefixOfAPeer), "a peer whose address is a prefix of another's is distinct" + seedInfo());
  }

  @Test
  public void closedStoreRefusesEveryCallAndClosesTwice() {
    PersistedChannel c = snapshots.inPhase(snapshots.created(random.wireAddress(0), snapshots.distinctWireAddresses(1), Optional.empty()), Phase.ACTING);
    store.save(c);
    store.close();
    List<Runnable> calls = List.of(
        () -> store.save(c),
        () -> store.remove(c.id()),
        () -> store.find(c.id()),
        () -> store.load(c.id()),
        store::channels,
        () -> store.channels(c.peers().get(0)),
        store::activePeers);
    for (Runnable call : calls) {
      assertThrows(StoreClosedException.class, call::run, seedInfo());
    }
    assertDoesNotThrow(store::close, "closing twice does nothing" + seedInfo());
    store = reopenStore(store);
    assertEquals(c, store.load(c.id()), "the calls on the closed store changed nothing" + seedInfo());
  }

  @Test
  public void concurrentWritersOfDifferentChannelsAllPersist() throws InterruptedException {
    int writers = 4;
    int perWriter = 8;
    WireAddress self = random.wireAddress(0);
    List<List<List<PersistedChannel>>> work = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      List<List<PersistedChannel>> lives = new ArrayList<>();
      for (int i = 0; i < perWriter; i++) {
        List<PersistedChannel> life = snapshots.life(snapshots.created(self, snapshots.distinctWireAddresses(1), Optional.empty()), i % 2 == 0);
        lives.add(life.subList(0, 1 + random.between(0, life.size() - 1)));
      }
      work.add(lives);
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (List<List<PersistedChannel>> lives : work) {
        tasks.add(() -> {
          for (List<PersistedChannel> life : lives) {
            for (PersistedChannel c : life) {
              store.save(c);
            }
          }
          return null;
        });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new AssertionError("a concurrent save failed" + seedInfo(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Map<ChannelId, PersistedChannel> model = new TreeMap<>();
    work.forEach(lives -> lives.forEach(life -> model.put(life.get(0).id(), life.get(life.size() - 1))));
    assertRestores(model, "after concurrent saves");
    restart();
    assertRestores(model, "after concurrent saves and a restart");
  }

  // ---- checks ----

  /** Checks that the store holds exactly {@code model}: each channel, all channels, each peer's and the peer list. */
  protected void assertRestores(Map<ChannelId, PersistedChannel> model, String when) {
    String info = " " + when + seedInfo();
    for (PersistedChannel c : model.values()) {
      PersistedChannel restored = store.load(c.id());
      assertEquals(c, restored, "channel " + c.id().shortHex() + " in phase " + c.phase() + info);
      assertDoesNotThrow(() -> ChannelMachine.of(restored.id(), restored.params(), restored.ownIndex(), restored.phase(), restored.current(), restored.staging()),
          "a restored channel rebuilds its state machine" + info);
    }
    assertEquals(List.copyOf(model.values()), store.channels(), "all channels, in ID order" + info);
    TreeMap<WireAddress, List<PersistedChannel>> byPeer = new TreeMap<>();
    for (PersistedChannel c : model.values()) {
      for (WireAddress peer : new TreeSet<>(c.peers())) {
        byPeer.computeIfAbsent(peer, p -> new ArrayList<>()).add(c);
      }
    }
    assertEquals(List.copyOf(byPeer.keySet()), store.activePeers(), "active peers" + info);
    for (Map.Entry<WireAddress, List<PersistedChannel>> e : byPeer.entrySet()) {
      assertEquals(e.getValue(), store.channels(e.getKey()), "channels of " + e.getKey() + info);
    }
  }
}
