// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.leveldb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.PerunException;
import network.perun.api.WireAddress;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.ConflictingChannelException;
import network.perun.persistence.spi.CorruptedStoreException;
import network.perun.persistence.spi.Durability;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.persistence.spi.PersistedChannelCodec;
import network.perun.persistence.spi.StoreClosedException;
import network.perun.persistence.spi.StoreException;
import network.perun.persistence.spi.StoreLockedException;
import network.perun.persistence.spi.UnknownChannelException;
import network.perun.persistence.spi.UnsupportedFormatException;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.iq80.leveldb.impl.Iq80DBFactory;

/**
 * A durable {@link ChannelStore} in a LevelDB directory (the pure-Java {@code org.iq80.leveldb}).
 *
 * <h2>Key layout (store format 1)</h2>
 *
 * <pre>
 *  table      key                                                        value
 *  format     0x00 "format"                                              [version:u32 LE] = 1
 *  channels   0x01 [channel ID:32]                                       channel record ({@link PersistedChannelCodec})
 *  peers      0x02 [backendId:u32 BE][len:u16 BE][address:len][ID:32]    empty
 *
 *  a channel C between us (A) and B:
 *
 *    0x00 "format"                 ─► 01 00 00 00
 *    0x01 C                        ─► record(C): ID, params, own index, peers [A, B], parent; phase, current, staging
 *    0x02 peer(A) C                ─► (empty)     ┐ one row per peer of C: the peer's channels
 *    0x02 peer(B) C                ─► (empty)     ┘ are one key range, 0x02 peer(B) *
 * </pre>
 *
 * <p>LevelDB sorts keys bytewise, so each table is one contiguous range, the channels are in ID order, and the rows
 * of one peer form one range (the length in the peer key makes peer keys prefix-free). A save is one LevelDB write
 * batch: the channel record, plus the peer rows when the channel is new; a removal deletes the record and the rows
 * in one batch. A crash therefore leaves a channel as it was before or after a write, never in between.
 *
 * <h2>Format versions</h2>
 *
 * <p>A new store gets the format record first. On open, a store of a newer format is refused with an
 * {@link UnsupportedFormatException} that names both versions, and so is one of an older format without a
 * migration (format 1 is the first: none exists yet) and a LevelDB database without a format record. Nothing of
 * such a store is read. Each channel record carries its own record format too.
 *
 * <h2>Durability and group commit</h2>
 *
 * <p>With {@link Durability#SYNC} every write batch is synced to disk before a write returns; with
 * {@link Durability#ASYNC} it is handed to the operating system (it survives a crash of the process but not of the
 * machine). Writes go through one platform thread of the store, the committer: a caller queues its write and
 * parks; the committer takes every queued write, writes them in one batch with one sync, and wakes each caller
 * with its own outcome. So concurrent writes share a sync (group commit), a caller returns only when its own write is
 * durable, a failed write fails only its caller, and the syncs never occupy the carrier of a virtual thread (whose
 * blocking the JDK compensates with another carrier thread). An {@code ASYNC} write that finds the store idle (no
 * write queued or being committed) is written by its caller itself, which saves the two thread wake-ups.
 *
 * <p>The committer keeps, per channel written since the store opened, a digest of the record's fixed part
 * ({@code FixedDigest}, about 100 bytes per channel with its map entry): the conflict check of a save and the
 * decision to add peer rows need no read of the stored record, except on a channel's first write after opening,
 * on a removal, and when the digests differ (to name the fields that differ). The store owns its directory
 * exclusively (see Locking), so what the committer remembers stays true.
 *
 * <p>iq80 LevelDB 0.12 can fail a read with "Could not open table N" when a compaction deleted the file meanwhile
 * (dain/leveldb#7); every read of the store tries again a few times before it fails.
 *
 * <h2>Locking</h2>
 *
 * <p>A directory is used by one store at a time: LevelDB's {@code LOCK} file excludes other processes, and a
 * registry excludes a second store in this process. Both give a {@link StoreLockedException} naming the directory.
 */
public final class LevelDbChannelStore implements ChannelStore {
  /** The store format this version writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] FORMAT_KEY = {0x00, 'f', 'o', 'r', 'm', 'a', 't'};
  private static final byte CHANNELS = 0x01;
  private static final byte PEERS = 0x02;
  private static final String LOCK_FILE = "LOCK";
  private static final String MMAP_PROPERTY = "leveldb.mmap";

  /** The directories opened by a store of this process (LevelDB's file lock does not exclude them reliably). */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final Durability durability;
  private final PersistedChannelCodec codec;
  private final DB db;
  private final WriteOptions writeOptions;
  /** Held shared by every call in progress, exclusively by {@link #close()}. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  /** Guards {@link #queue} and {@link #stopping}; {@link #queued} wakes the committer. */
  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition queued = queueLock.newCondition();
  private List<Pending> queue = new ArrayList<>();
  private boolean stopping;
  /** A caller commits inline and will commit what is queued before it stops: the committer need not be woken. */
  private boolean inlineActive;
  private final Thread committer;

  /**
   * Held by whoever commits: the committer thread, or a caller that commits its own {@code ASYNC} write because the
   * store is idle (see {@link #commitInline}). It guards {@link #known} and {@link #sha256}.
   */
  private final ReentrantLock commitRight = new ReentrantLock();
  /**
   * The digest of the fixed part of every stored channel that has been written since the store opened (a channel
   * not in it is read once, on its next write). Exact because no one else writes the directory while it is open.
   */
  private final Map<ChannelId, FixedDigest> known = new HashMap<>();
  private final MessageDigest sha256;

  private LevelDbChannelStore(Path directory, Durability durability, PersistedChannelCodec codec, DB db) {
    this.directory = directory;
    this.durability = durability;
    this.codec = codec;
    this.db = db;
    this.writeOptions = new WriteOptions().sync(durability == Durability.SYNC);
    this.sha256 = FixedDigest.newSha256();
    this.committer = Thread.ofPlatform().name("perun-store-committer " + directory).daemon().unstarted(this::commitLoop);
  }

  /**
   * Opens the store in {@code directory}, creating the directory and an empty store if there is none.
   *
   * @param durability when a write returns: on disk ({@code SYNC}) or handed to the operating system ({@code ASYNC})
   * @param signatureSize the length of the backend's signatures (see {@link PersistedChannelCodec})
   * @throws StoreLockedException if another process or another store of this process has the directory open
   * @throws UnsupportedFormatException if the directory holds a store of another format, or another LevelDB database
   * @throws StoreException if the path is not a usable directory or the database cannot be opened
   */
  public static LevelDbChannelStore open(Path directory, Durability durability, int signatureSize) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(durability, "durability");
    PersistedChannelCodec codec = new PersistedChannelCodec(signatureSize);
    Path dir = prepareDirectory(directory);
    if (!OPEN.add(dir)) {
      throw new StoreLockedException("channel store " + dir + " is locked: another channel store in this process has it open; close that one first");
    }
    try {
      checkNotLockedByOtherProcess(dir);
      DB db = openDb(dir);
      try {
        checkFormat(dir, db);
      } catch (RuntimeException e) {
        closeQuietly(db, e);
        throw e;
      }
      LevelDbChannelStore store;
      try {
        store = new LevelDbChannelStore(dir, durability, codec, db);
        store.committer.start();
      } catch (RuntimeException | Error e) {
        closeQuietly(db, e);
        throw e;
      }
      return store;
    } catch (RuntimeException e) {
      OPEN.remove(dir);
      throw e;
    }
  }

  private static Path prepareDirectory(Path directory) {
    Path abs = directory.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new StoreException("channel store path " + abs + " is not a directory");
    }
    try {
      Files.createDirectories(abs);
      Path real = abs.toRealPath();
      if (!Files.isReadable(real) || !Files.isWritable(real) || !Files.isExecutable(real)) {
        throw new StoreException("channel store directory " + real + " is not readable and writable by this process");
      }
      return real;
    } catch (IOException e) {
      throw new StoreException("cannot create or read channel store directory " + abs + ": " + e, e);
    }
  }

  /**
   * Tries LevelDB's lock file first, so a directory locked by another process gets a clear error before LevelDB
   * touches anything. (Closing the probe's channel would release a lock that this process held on the file through
   * another channel; {@link #OPEN} makes sure no store of this process holds one.)
   */
  private static void checkNotLockedByOtherProcess(Path dir) {
    Path lockFile = dir.resolve(LOCK_FILE);
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw locked(dir, null);
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw locked(dir, e);
    } catch (IOException e) {
      throw new StoreException("cannot lock channel store " + dir + " (lock file " + lockFile + "): " + e, e);
    }
  }

  private static StoreLockedException locked(Path dir, Throwable cause) {
    return new StoreLockedException("channel store " + dir + " is locked by another process (lock file " + dir.resolve(LOCK_FILE)
        + "): stop the other node using it, or choose another directory", cause);
  }

  private static DB openDb(Path dir) {
    // LevelDB reads this once, when its factory class loads: unless the application chose, write the log and read
    // the tables through file channels instead of memory maps, whose unmapping needs sun.misc.Unsafe (deprecated
    // for removal; the JDK warns on first use).
    if (System.getProperty(MMAP_PROPERTY) == null) {
      System.setProperty(MMAP_PROPERTY, "false");
    }
    Options options = new Options().createIfMissing(true).compressionType(CompressionType.NONE).verifyChecksums(true);
    try {
      return Iq80DBFactory.factory.open(dir.toFile(), options);
    } catch (OverlappingFileLockException e) {
      throw locked(dir, e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).startsWith("Unable to acquire lock")) {
        throw locked(dir, e);
      }
      throw new StoreException("cannot open the LevelDB database of channel store " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open the LevelDB database of channel store " + dir + ": " + e, e);
    }
  }

  private static void checkFormat(Path dir, DB db) {
    byte[] format;
    try {
      format = db.get(FORMAT_KEY);
    } catch (RuntimeException e) {
      throw new StoreException("cannot read the format record of channel store " + dir + ": " + e, e);
    }
    if (format == null) {
      if (!isEmpty(db)) {
        throw new UnsupportedFormatException("channel store " + dir + " holds a LevelDB database without a perun format record: it is not a channel store");
      }
      try {
        db.put(FORMAT_KEY, intLe(FORMAT_VERSION), new WriteOptions().sync(true));
      } catch (RuntimeException e) {
        throw new StoreException("cannot write the format record of new channel store " + dir + ": " + e, e);
      }
      return;
    }
    if (format.length != 4) {
      throw new CorruptedStoreException("channel store " + dir + " has a format record of " + format.length + " bytes, expected 4: " + Bytes.of(format));
    }
    int version = (format[0] & 0xFF) | (format[1] & 0xFF) << 8 | (format[2] & 0xFF) << 16 | (format[3] & 0xFF) << 24;
    if (version == FORMAT_VERSION) {
      return;
    }
    // A later format adds its migrations from older versions here; format 1 is the first, so none exist.
    String relation = Integer.compareUnsigned(version, FORMAT_VERSION) > 0
        ? "newer than format " + FORMAT_VERSION + ", the newest this perun-java reads: open it with the perun-java that wrote it or a newer one"
        : "older than format " + FORMAT_VERSION + ", and no migration from it exists";
    throw new UnsupportedFormatException("channel store " + dir + " has format " + Integer.toUnsignedString(version) + ", " + relation);
  }

  private static boolean isEmpty(DB db) {
    try (DBIterator it = db.iterator()) {
      it.seekToFirst();
      return !it.hasNext();
    } catch (IOException e) {
      throw new StoreException("cannot read channel store: " + e, e);
    }
  }

  /** The directory of this store. */
  public Path directory() {
    return directory;
  }

  /** The durability of this store's writes. */
  public Durability durability() {
    return durability;
  }

  // ---- writing ----

  @Override
  public void save(PersistedChannel channel) {
    Objects.requireNonNull(channel, "channel");
    byte[] record = codec.encode(channel);
    write(new Pending(channel.id(), channel, record));
  }

  @Override
  public void remove(ChannelId id) {
    Objects.requireNonNull(id, "id");
    write(new Pending(id, null, null));
  }

  /**
   * One write waiting for the committer: a save ({@code saved} and {@code record} set) or a removal (both null).
   * The committer sets {@code failure} before {@code done}, and wakes the waiting caller.
   */
  private static final class Pending {
    final ChannelId id;
    final PersistedChannel saved;
    final byte[] record;
    final Thread waiter = Thread.currentThread();
    RuntimeException failure;
    volatile boolean done;

    Pending(ChannelId id, PersistedChannel saved, byte[] record) {
      this.id = id;
      this.saved = saved;
      this.record = record;
    }

    boolean isSave() {
      return record != null;
    }

    void fail(RuntimeException e) {
      if (failure == null) {
        failure = e;
      }
    }

    void complete() {
      done = true;
      LockSupport.unpark(waiter);
    }

    /** Parks until the committer completed this write; an interrupt does not end the wait (the write may be durable). */
    void awaitDone() {
      boolean interrupted = false;
      while (!done) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Hands {@code pending} to the committer and waits until it is durable or failed. The caller holds the read lock of
   * {@link #lifecycle} until then, so {@link #close()} waits for it.
   */
  private void write(Pending pending) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      if (!(durability == Durability.ASYNC && commitInline(pending))) {
        queueLock.lock();
        try {
          queue.add(pending);
          if (!inlineActive) {
            queued.signal();
          }
        } finally {
          queueLock.unlock();
        }
        pending.awaitDone();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
    if (pending.failure != null) {
      throw pending.failure;
    }
  }

  /**
   * Commits an {@code ASYNC} write on the caller's thread when no write is queued or being committed, and returns
   * whether it did; the writes queued meanwhile it commits too, in groups, before it returns. An unsynced write is a
   * short system call, so a caller that finds the store idle saves the two thread wake-ups of the committer
   * (measured: about 0.3 ms more per update of one channel, and twice the time for a bulk write); a synced one always goes
   * to the committer, whose sync must not occupy a carrier thread for milliseconds. An interrupted caller never
   * commits itself: LevelDB's log is a {@code FileChannel}, which an interrupt during a write closes for good. (An
   * interrupt that arrives during the few microseconds of an inline write still would; the committer is immune.)
   */
  private boolean commitInline(Pending pending) {
    if (Thread.currentThread().isInterrupted() || !commitRight.tryLock()) {
      return false;
    }
    try {
      queueLock.lock();
      try {
        if (!queue.isEmpty()) {
          return false;
        }
        inlineActive = true;
      } finally {
        queueLock.unlock();
      }
      commitGroup(List.of(pending));
      pending.done = true;
      // The writes queued meanwhile did not wake the committer: commit them too (the leader of a group commit).
      List<Pending> group = new ArrayList<>();
      while (true) {
        queueLock.lock();
        try {
          if (queue.isEmpty() || Thread.currentThread().isInterrupted()) {
            inlineActive = false;
            if (!queue.isEmpty()) {
              queued.signal();
            }
            return true;
          }
          List<Pending> taken = queue;
          queue = group;
          group = taken;
        } finally {
          queueLock.unlock();
        }
        try {
          commitGroup(group);
        } finally {
          for (Pending p : group) {
            p.complete();
          }
          group.clear();
        }
      }
    } finally {
      commitRight.unlock();
    }
  }

  /** The committer thread's loop: takes every queued write, commits them, completes them; ends on close. */
  private void commitLoop() {
    List<Pending> group = new ArrayList<>();
    while (true) {
      queueLock.lock();
      try {
        while (queue.isEmpty() && !stopping) {
          queued.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return;
        }
        List<Pending> taken = queue;
        queue = group;
        group = taken;
      } finally {
        queueLock.unlock();
      }
      commitRight.lock();
      try {
        commitGroup(group);
      } finally {
        commitRight.unlock();
        for (Pending p : group) {
          p.complete();
        }
        group.clear();
      }
    }
  }

  /** Commits {@code group}, failing each of its writes on any failure. Called with {@link #commitRight} held. */
  private void commitGroup(List<Pending> group) {
    try {
      commit(group);
    } catch (Throwable t) { // the committer must survive anything, or the callers behind it would wait forever
      for (Pending p : group) {
        p.fail(new StoreException("write of channel " + p.id + " to channel store " + directory + " failed: " + t, t));
      }
    }
  }

  /**
   * Commits {@code group} in as few write batches as it can: one, unless a channel is written twice in it (then its
   * second write starts the next batch, so that a batch never holds two writes of one channel).
   */
  private void commit(List<Pending> group) {
    int next = 0;
    Set<ChannelId> inBatch = new HashSet<>();
    List<Pending> included = new ArrayList<>(group.size());
    List<FixedDigest> after = new ArrayList<>(group.size());
    while (next < group.size()) {
      inBatch.clear();
      included.clear();
      after.clear();
      WriteBatch batch;
      try {
        batch = db.createWriteBatch();
      } catch (RuntimeException e) { // LevelDB failed in the background (a compaction): it takes no more writes
        for (Pending p : group.subList(next, group.size())) {
          p.fail(new StoreException("write of channel " + p.id + " to channel store " + directory + " failed: " + e, e));
        }
        return;
      }
      try {
        for (; next < group.size(); next++) {
          Pending p = group.get(next);
          if (!inBatch.add(p.id)) {
            break;
          }
          try {
            after.add(p.isSave() ? stageSave(batch, p) : stageRemove(batch, p.id));
            included.add(p);
          } catch (PerunException e) {
            p.fail(e);
          } catch (RuntimeException e) {
            p.fail(new StoreException("cannot read channel " + p.id + " from channel store " + directory + ": " + e, e));
          }
        }
        if (!included.isEmpty()) {
          db.write(batch, writeOptions);
        }
      } catch (RuntimeException e) {
        for (Pending p : included) {
          // The batch may or may not be in the log: forget what we knew, the next write of the channel reads it.
          known.remove(p.id);
          p.fail(new StoreException("write of channel " + p.id + " to channel store " + directory + " failed: " + e, e));
        }
        continue;
      } finally {
        closeQuietly(batch);
      }
      for (int i = 0; i < included.size(); i++) {
        FixedDigest digest = after.get(i);
        if (digest == null) {
          known.remove(included.get(i).id);
        } else {
          known.put(included.get(i).id, digest);
        }
      }
    }
  }

  /** Closes a write batch, which frees nothing a failure could leave behind (iq80's close does nothing). */
  private static void closeQuietly(WriteBatch batch) {
    try {
      batch.close();
    } catch (IOException | RuntimeException e) {
      // nothing to release: the batch is garbage either way, and its outcome is already decided
    }
  }

  /** Stages a save in {@code batch} and returns the digest of its fixed part. */
  private FixedDigest stageSave(WriteBatch batch, Pending p) {
    FixedDigest stored = knownDigest(p.id);
    FixedDigest mine = FixedDigest.of(p.record, sha256);
    if (stored == FixedDigest.ABSENT) {
      for (WireAddress peer : new LinkedHashSet<>(p.saved.peers())) {
        batch.put(peerRowKey(peer, p.id), new byte[0]);
      }
    } else if (!mine.sameFixedPart(stored)) {
      checkFixedPartAgainstStored(p);
    }
    batch.put(channelKey(p.id), p.record);
    return mine;
  }

  /**
   * The slow path of the conflict check, when the digests differ (or the stored record's header is damaged): compares
   * the stored record itself, and names the fields that differ.
   */
  private void checkFixedPartAgainstStored(Pending p) {
    byte[] stored = get(channelKey(p.id));
    if (stored == null) {
      known.remove(p.id);
      throw new StoreException("channel store " + directory + " lost channel " + p.id + " while it was open");
    }
    if (!PersistedChannelCodec.fixedPartEquals(stored, p.record)) {
      PersistedChannel old = decode(p.id, stored);
      String differences = old.fixedFieldDifferences(p.saved);
      throw new ConflictingChannelException(p.id, differences.isEmpty() ? "encoding" : differences);
    }
  }

  /** Stages a removal in {@code batch}; returns null: the channel will be unknown. */
  private FixedDigest stageRemove(WriteBatch batch, ChannelId id) {
    if (knownDigest(id) == FixedDigest.ABSENT) {
      throw new UnknownChannelException(id, "remove");
    }
    byte[] stored = get(channelKey(id));
    if (stored == null) {
      known.remove(id);
      throw new UnknownChannelException(id, "remove");
    }
    batch.delete(channelKey(id));
    List<byte[]> rows;
    try {
      rows = decode(id, stored).peers().stream().map(peer -> peerRowKey(peer, id)).toList();
    } catch (StoreException e) {
      // The record is damaged, so its peers are unknown: find the channel's rows by scanning the index.
      rows = peerRowsOf(id);
    }
    for (byte[] row : rows) {
      batch.delete(row);
    }
    return null;
  }

  /**
   * What the committer knows of channel {@code id}: from memory, or (on its first write since the store opened) from
   * the stored record, which it then remembers; {@link FixedDigest#ABSENT} if no such channel is stored.
   */
  private FixedDigest knownDigest(ChannelId id) {
    FixedDigest digest = known.get(id);
    if (digest != null) {
      return digest;
    }
    byte[] stored = get(channelKey(id));
    if (stored == null) {
      return FixedDigest.ABSENT;
    }
    digest = FixedDigest.of(stored, sha256);
    known.put(id, digest);
    return digest;
  }

  /** A read of the committer, retried when it hits LevelDB's table race (see {@link #retryingTableRace}). */
  private byte[] get(byte[] key) {
    return retryingTableRace(() -> db.get(key));
  }

  private List<byte[]> peerRowsOf(ChannelId id) {
    return retryingTableRace(() -> scanPeerRowsOf(id));
  }

  private List<byte[]> scanPeerRowsOf(ChannelId id) {
    byte[] idBytes = id.bytes().toArray();
    List<byte[]> rows = new ArrayList<>();
    try (DBIterator it = db.iterator()) {
      for (it.seek(new byte[] {PEERS}); it.hasNext(); ) {
        byte[] key = it.next().getKey();
        if (key[0] != PEERS) {
          break;
        }
        if (key.length >= ChannelId.LENGTH && Arrays.equals(key, key.length - ChannelId.LENGTH, key.length, idBytes, 0, ChannelId.LENGTH)) {
          rows.add(key);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot scan the peer index of channel store " + directory + ": " + e, e);
    }
    return rows;
  }

  // ---- reading ----

  @Override
  public Optional<PersistedChannel> find(ChannelId id) {
    Objects.requireNonNull(id, "id");
    return read("load channel " + id, options -> {
      byte[] record = db.get(channelKey(id), options);
      return record == null ? Optional.empty() : Optional.of(decode(id, record));
    });
  }

  @Override
  public List<PersistedChannel> channels() {
    return read("list the channels", options -> {
      List<PersistedChannel> out = new ArrayList<>();
      try (DBIterator it = db.iterator(options)) {
        for (it.seek(new byte[] {CHANNELS}); it.hasNext(); ) {
          Map.Entry<byte[], byte[]> e = it.next();
          byte[] key = e.getKey();
          if (key[0] != CHANNELS) {
            break;
          }
          if (key.length != 1 + ChannelId.LENGTH) {
            throw new CorruptedStoreException("channel store " + directory + " has a channel key of " + key.length + " bytes: " + Bytes.of(key));
          }
          out.add(decode(new ChannelId(Bytes.of(key, 1, ChannelId.LENGTH)), e.getValue()));
        }
      } catch (IOException e) {
        throw new StoreException("cannot close an iterator of channel store " + directory + ": " + e, e);
      }
      return List.copyOf(out);
    });
  }

  @Override
  public List<PersistedChannel> channels(WireAddress peer) {
    Objects.requireNonNull(peer, "peer");
    byte[] prefix = peerPrefix(peer);
    return read("list the channels of " + peer, options -> {
      List<ChannelId> ids = new ArrayList<>();
      try (DBIterator it = db.iterator(options)) {
        for (it.seek(prefix); it.hasNext(); ) {
          byte[] key = it.next().getKey();
          if (!startsWith(key, prefix)) {
            break;
          }
          if (key.length != prefix.length + ChannelId.LENGTH) {
            throw new CorruptedStoreException("channel store " + directory + " has a peer-index row of " + key.length + " bytes for " + peer + ": " + Bytes.of(key));
          }
          ids.add(new ChannelId(Bytes.of(key, prefix.length, ChannelId.LENGTH)));
        }
      } catch (IOException e) {
        throw new StoreException("cannot close an iterator of channel store " + directory + ": " + e, e);
      }
      List<PersistedChannel> out = new ArrayList<>(ids.size());
      for (ChannelId id : ids) {
        byte[] record = db.get(channelKey(id), options);
        if (record == null) {
          throw new CorruptedStoreException("channel store " + directory + " lists channel " + id + " for " + peer + ", but holds no such channel");
        }
        out.add(decode(id, record));
      }
      return List.copyOf(out);
    });
  }

  @Override
  public List<WireAddress> activePeers() {
    return read("list the active peers", options -> {
      TreeSet<WireAddress> peers = new TreeSet<>();
      try (DBIterator it = db.iterator(options)) {
        it.seek(new byte[] {PEERS});
        while (it.hasNext()) {
          byte[] key = it.peekNext().getKey();
          if (key[0] != PEERS) {
            break;
          }
          WireAddress peer = parsePeer(key);
          peers.add(peer);
          // Skip the peer's other rows: every row key of this peer sorts before its prefix + 33 x 0xFF.
          byte[] prefix = peerPrefix(peer);
          byte[] after = Arrays.copyOf(prefix, prefix.length + ChannelId.LENGTH + 1);
          Arrays.fill(after, prefix.length, after.length, (byte) 0xFF);
          it.seek(after);
        }
      } catch (IOException e) {
        throw new StoreException("cannot close an iterator of channel store " + directory + ": " + e, e);
      }
      return List.copyOf(peers);
    });
  }

  private WireAddress parsePeer(byte[] key) {
    if (key.length >= 7) {
      int backend = (key[1] & 0xFF) << 24 | (key[2] & 0xFF) << 16 | (key[3] & 0xFF) << 8 | (key[4] & 0xFF);
      int len = (key[5] & 0xFF) << 8 | (key[6] & 0xFF);
      if (key.length == 7 + len + ChannelId.LENGTH) {
        try {
          return new WireAddress(backend, Bytes.of(key, 7, len));
        } catch (InvalidValueException e) {
          throw new CorruptedStoreException("channel store " + directory + " has an invalid peer in peer-index row " + Bytes.of(key) + ": " + e.getMessage(), e);
        }
      }
    }
    throw new CorruptedStoreException("channel store " + directory + " has a malformed peer-index row of " + key.length + " bytes: " + Bytes.of(key));
  }

  /**
   * Runs a read on one snapshot of the database, turning LevelDB's failures into {@link StoreException}s; a read that
   * hits LevelDB's table race runs again on a new snapshot.
   */
  private <T> T read(String what, Function<ReadOptions, T> body) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      return retryingTableRace(() -> {
        try (Snapshot snapshot = db.getSnapshot()) {
          return body.apply(new ReadOptions().snapshot(snapshot).verifyChecksums(true));
        } catch (IOException e) {
          throw new StoreException("cannot " + what + " from channel store " + directory + ": " + e, e);
        }
      });
    } catch (PerunException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException("cannot " + what + " from channel store " + directory + ": " + e, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** How often a read that hits LevelDB's table race is tried in all. */
  static final int TABLE_RACE_ATTEMPTS = 5;

  /**
   * Runs {@code read}, again (up to {@link #TABLE_RACE_ATTEMPTS} times in all) while it fails with LevelDB's
   * "Could not open table N". In iq80 LevelDB 0.12 a read looks up the current table files without holding them, so
   * a compaction that finishes meanwhile can delete a file the read is about to open (dain/leveldb#7); the next
   * attempt reads the files that replaced it. Any other failure, and the last one, is thrown as it is.
   */
  static <T> T retryingTableRace(Supplier<T> read) {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (RuntimeException e) {
        if (attempt >= TABLE_RACE_ATTEMPTS || !isTableRace(e)) {
          throw e;
        }
      }
    }
  }

  /** Whether {@code e} (or a cause of it) is LevelDB's failure to open a table file. */
  static boolean isTableRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (!(t instanceof PerunException) && String.valueOf(t.getMessage()).startsWith("Could not open table ")) {
        return true;
      }
    }
    return false;
  }

  private PersistedChannel decode(ChannelId id, byte[] record) {
    PersistedChannel channel;
    try {
      channel = codec.decode(record);
    } catch (CorruptedStoreException e) {
      throw new CorruptedStoreException("channel " + id + " in channel store " + directory + ": " + e.getMessage(), e);
    } catch (UnsupportedFormatException e) {
      throw new UnsupportedFormatException("channel " + id + " in channel store " + directory + ": " + e.getMessage());
    } catch (StoreException e) {
      throw new StoreException("channel " + id + " in channel store " + directory + ": " + e.getMessage(), e);
    }
    if (!channel.id().equals(id)) {
      throw new CorruptedStoreException("channel store " + directory + " holds the record of channel " + channel.id() + " under the key of channel " + id);
    }
    return channel;
  }

  // ---- keys ----

  private static byte[] channelKey(ChannelId id) {
    byte[] key = new byte[1 + ChannelId.LENGTH];
    key[0] = CHANNELS;
    id.bytes().copyTo(key, 1);
    return key;
  }

  private static byte[] peerPrefix(WireAddress peer) {
    int len = peer.bytes().length();
    byte[] prefix = new byte[7 + len];
    prefix[0] = PEERS;
    int b = peer.backendId();
    prefix[1] = (byte) (b >>> 24);
    prefix[2] = (byte) (b >>> 16);
    prefix[3] = (byte) (b >>> 8);
    prefix[4] = (byte) b;
    prefix[5] = (byte) (len >>> 8);
    prefix[6] = (byte) len;
    peer.bytes().copyTo(prefix, 7);
    return prefix;
  }

  private static byte[] peerRowKey(WireAddress peer, ChannelId id) {
    byte[] prefix = peerPrefix(peer);
    byte[] key = Arrays.copyOf(prefix, prefix.length + ChannelId.LENGTH);
    id.bytes().copyTo(key, prefix.length);
    return key;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] intLe(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  // ---- life cycle ----

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException(toString());
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Every write has returned (each holds the read lock until then): stop the idle committer, then close.
      queueLock.lock();
      try {
        stopping = true;
        queued.signal();
      } finally {
        queueLock.unlock();
      }
      joinUninterruptibly(committer);
      try {
        db.close();
      } catch (IOException | RuntimeException e) {
        throw new StoreException("cannot close channel store " + directory + ": " + e, e);
      } finally {
        OPEN.remove(directory);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(DB db, Throwable primary) {
    try {
      db.close();
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  /**
   * A digest of the fixed part of a channel record: SHA-256 of its first {@code 7 + fixedLength} bytes (the header and
   * the fixed fields, the bytes {@link PersistedChannelCodec#fixedPartEquals} compares), of which 128 bits are kept.
   * Equal digests mean equal fixed parts (but for a collision of truncated SHA-256); 32 bytes per channel instead
   * of the fixed part's ~250. {@link #ABSENT} and {@link #UNREADABLE} (a record whose header is damaged) match nothing.
   */
  private static final class FixedDigest {
    static final FixedDigest ABSENT = new FixedDigest(0, 0, false);
    static final FixedDigest UNREADABLE = new FixedDigest(0, 0, false);
    /** The record header: [format:u8][signatureSize:u16][fixedLength:u32], see {@link PersistedChannelCodec}. */
    private static final int HEADER = 7;

    final long high;
    final long low;
    final boolean readable;

    private FixedDigest(long high, long low, boolean readable) {
      this.high = high;
      this.low = low;
      this.readable = readable;
    }

    static MessageDigest newSha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
      }
    }

    static FixedDigest of(byte[] record, MessageDigest sha256) {
      if (record.length < HEADER) {
        return UNREADABLE;
      }
      int fixedLength = (record[3] & 0xFF) | (record[4] & 0xFF) << 8 | (record[5] & 0xFF) << 16 | (record[6] & 0xFF) << 24;
      if (fixedLength < 0 || fixedLength > record.length - HEADER) {
        return UNREADABLE;
      }
      sha256.update(record, 0, HEADER + fixedLength);
      byte[] h = sha256.digest();
      return new FixedDigest(longBe(h, 0), longBe(h, 8), true);
    }

    private static long longBe(byte[] b, int at) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (b[at + i] & 0xFF);
      }
      return v;
    }

    /** Whether both are digests of readable records with the same fixed part. */
    boolean sameFixedPart(FixedDigest other) {
      return readable && other.readable && high == other.high && low == other.low;
    }
  }

  @Override
  public String toString() {
    return "LevelDB channel store " + directory + " (" + durability + ")";
  }
}
