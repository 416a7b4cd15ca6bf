// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.leveldb;

import java.io.IOException;
import java.nio.file.Path;
import network.perun.persistence.spi.Durability;

/**
 * A program that holds a LevelDB channel store open, run as a separate JVM by the locking test: it opens the store
 * in the directory given as its argument, prints {@code open}, and closes the store when its standard input ends.
 */
public final class StoreHolder {
  private StoreHolder() {}

  public static void main(String[] args) throws IOException {
    try (LevelDbChannelStore store = LevelDbChannelStore.open(Path.of(args[0]), Durability.SYNC, 64)) {
      System.out.println("open");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the end of the input
      }
    }
  }
}
