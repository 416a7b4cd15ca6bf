// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps one {@link PetraProcess} warming up ahead of time, so that a restart after a kill does not wait for a JVM
 * to start: {@link #take()} hands out the warm one and starts the next. A process taken touches Petra's store and
 * port only after its {@code GO}, which the test sends once the previous Petra is dead.
 */
final class PetraLauncher implements AutoCloseable {
  private final String chainUrl;
  private final Path dir;
  private int started;
  private PetraProcess spare;

  PetraLauncher(String chainUrl, Path dir) throws IOException {
    this.chainUrl = chainUrl;
    this.dir = Files.createDirectories(dir);
    this.spare = next();
  }

  /** The warm process; a new one starts warming up at once. */
  PetraProcess take() throws IOException {
    PetraProcess taken = spare;
    spare = next();
    return taken;
  }

  private PetraProcess next() throws IOException {
    return PetraProcess.start(chainUrl, dir, dir.resolve("petra-process-" + started++ + ".err"));
  }

  @Override
  public void close() throws InterruptedException {
    spare.discard();
  }
}
