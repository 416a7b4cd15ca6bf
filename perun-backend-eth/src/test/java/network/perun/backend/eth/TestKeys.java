// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.nio.ByteBuffer;
import network.perun.backend.eth.crypto.Keccak;

/** Deterministic test keys: key i of seed s is keccak256(s || i), reproducible from the seed alone. */
final class TestKeys {
  private final long seed;
  private long next;

  TestKeys(long seed) {
    this.seed = seed;
  }

  /** The next key. */
  byte[] next() {
    return Keccak.keccak256(ByteBuffer.allocate(16).putLong(seed).putLong(next++).array());
  }

  /** Adds the next key to {@code wallet}. */
  EthAccount addTo(EthWallet wallet) {
    return wallet.addPrivateKey(next());
  }
}
