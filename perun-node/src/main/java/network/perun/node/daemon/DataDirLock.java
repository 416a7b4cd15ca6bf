// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import network.perun.node.config.ConfigException;

/**
 * The lock that keeps a second node off a data directory: an OS file lock ({@link FileChannel#tryLock()}) on
 * {@code node.lock}, which holds the owner's process ID. The OS drops the lock when the process dies, so a crash
 * never leaves the directory locked.
 */
public final class DataDirLock implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code file}'s data directory for this process.
   *
   * @throws ConfigException if another node (in this or another process) holds it, naming its process ID
   */
  public static DataDirLock acquire(Path file) {
    FileChannel channel;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ConfigException("cannot open the lock file " + file + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      close(channel);
      throw new ConfigException("cannot lock " + file + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      String owner = owner(file);
      close(channel);
      throw new ConfigException("the data directory " + file.toAbsolutePath().getParent() + " is in use by another perun node"
          + (owner.isEmpty() ? "" : " (process " + owner + ")") + "; stop it first or use another data directory");
    }
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
    } catch (IOException e) {
      close(channel);
      throw new ConfigException("cannot write the lock file " + file + ": " + e.getMessage(), e);
    }
    return new DataDirLock(file, channel, lock);
  }

  private static String owner(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing to release
    }
  }

  public Path file() {
    return file;
  }

  /** Releases the lock; the file stays. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    close(channel);
  }
}
