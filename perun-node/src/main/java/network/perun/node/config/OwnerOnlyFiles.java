// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Secrets on disk (the identity seed, the API token): created readable by the owner only (0600), and refused when
 * anyone else may read or write them.
 */
public final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code file} with {@code text} and permissions 0600 (where the file system has POSIX permissions).
   *
   * @throws ConfigException if it exists already (it is never overwritten) or cannot be written
   */
  public static void create(Path file, String text) {
    try {
      if (supportsPosix(file.toAbsolutePath().getParent())) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new ConfigException(file + " exists already; perun never overwrites it");
    } catch (IOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code file} after checking that only its owner may read or write it.
   *
   * @throws ConfigException if it is missing, or group or others have any permission on it
   */
  public static String read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(what + " " + file + " does not exist (perun init creates it)");
    }
    check(file, what);
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that only the owner has permissions on {@code file}.
   *
   * @throws ConfigException naming the permissions and the fix if group or others have any
   */
  public static void check(Path file, String what) {
    if (!supportsPosix(file)) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> extra = EnumSet.copyOf(perms.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : perms);
      extra.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
      if (!extra.isEmpty()) {
        throw new ConfigException(what + " " + file + " has permissions " + PosixFilePermissions.toString(perms)
            + ": others than its owner may use it; run: chmod 600 " + file);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read the permissions of " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean supportsPosix(Path path) {
    return path != null && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }
}
