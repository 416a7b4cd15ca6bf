// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.leveldb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
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
 * machine). Concurrent writes are grouped: one thread writes the batches of every caller waiting behind it with
 * one sync, and each caller returns when its own write is durable.
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
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final ReentrantLock commitLock = new ReentrantLock();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean closed;

  private LevelDbChannelStore(Path directory, Durability durability, PersistedChannelCodec codec, DB db) {
    this.directory = directory;
    this.durability = durability;
    this.codec = codec;
    this.db = db;
    this.writeOptions = new WriteOptions().sync(durability == Durability.SYNC);
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
      return new LevelDbChannelStore(dir, durability, codec, db);
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
    write(new Pending(channel.id(), Optional.of(channel), record));
  }

  @Override
  public void remove(ChannelId id) {
    Objects.requireNonNull(id, "id");
    write(new Pending(id, Optional.empty(), null));
  }

  /** One write waiting for its group commit; {@code done} and {@code failure} are guarded by {@code commitLock}. */
  private static final class Pending {
    final ChannelId id;
    final Optional<PersistedChannel> saved;
    final byte[] record;
    boolean done;
    RuntimeException failure;

    Pending(ChannelId id, Optional<PersistedChannel> saved, byte[] record) {
      this.id = id;
      this.saved = saved;
      this.record = record;
    }
  }

  private void write(Pending pending) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      synchronized (queue) {
        queue.add(pending);
      }
      commitLock.lock();
      try {
        if (!pending.done) {
          commitQueued();
        }
        if (pending.failure != null) {
          throw pending.failure;
        }
      } finally {
        commitLock.unlock();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Writes every queued write in one batch. Called with {@code commitLock} held. */
  private void commitQueued() {
    List<Pending> group;
    synchronized (queue) {
      group = new ArrayList<>(queue);
      queue.clear();
    }
    // What the batch has written so far, by channel: a record, or null for a removal.
    Map<ChannelId, byte[]> written = new HashMap<>();
    List<Pending> included = new ArrayList<>(group.size());
    try (WriteBatch batch = db.createWriteBatch()) {
      for (Pending p : group) {
        try {
          byte[] stored = written.containsKey(p.id) ? written.get(p.id) : db.get(channelKey(p.id));
          if (p.saved.isPresent()) {
            stageSave(batch, p, stored);
            written.put(p.id, p.record);
          } else {
            stageRemove(batch, p.id, stored);
            written.put(p.id, null);
          }
          included.add(p);
        } catch (PerunException e) {
          p.failure = e;
        } catch (RuntimeException e) {
          p.failure = new StoreException("cannot read channel " + p.id + " from channel store " + directory + ": " + e, e);
        }
      }
      if (!included.isEmpty()) {
        db.write(batch, writeOptions);
      }
    } catch (IOException | RuntimeException e) {
      for (Pending p : group) {
        if (p.failure == null) {
          p.failure = new StoreException("write of channel " + p.id + " to channel store " + directory + " failed: " + e, e);
        }
      }
    } finally {
      for (Pending p : group) {
        p.done = true;
      }
    }
  }

  private void stageSave(WriteBatch batch, Pending p, byte[] stored) {
    PersistedChannel channel = p.saved.orElseThrow();
    if (stored == null) {
      for (WireAddress peer : new LinkedHashSet<>(channel.peers())) {
        batch.put(peerRowKey(peer, p.id), new byte[0]);
      }
    } else if (!PersistedChannelCodec.fixedPartEquals(stored, p.record)) {
      PersistedChannel old = decode(p.id, stored);
      String differences = old.fixedFieldDifferences(channel);
      throw new ConflictingChannelException(p.id, differences.isEmpty() ? "encoding" : differences);
    }
    batch.put(channelKey(p.id), p.record);
  }

  private void stageRemove(WriteBatch batch, ChannelId id, byte[] stored) {
    if (stored == null) {
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
  }

  private List<byte[]> peerRowsOf(ChannelId id) {
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

  /** Runs a read on one snapshot of the database, turning LevelDB's failures into {@link StoreException}s. */
  private <T> T read(String what, Function<ReadOptions, T> body) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      try (Snapshot snapshot = db.getSnapshot()) {
        return body.apply(new ReadOptions().snapshot(snapshot).verifyChecksums(true));
      }
    } catch (PerunException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot " + what + " from channel store " + directory + ": " + e, e);
    } finally {
      lifecycle.readLock().unlock();
    }
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

  private static void closeQuietly(DB db, RuntimeException primary) {
    try {
      db.close();
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "LevelDB channel store " + directory + " (" + durability + ")";
  }
}
