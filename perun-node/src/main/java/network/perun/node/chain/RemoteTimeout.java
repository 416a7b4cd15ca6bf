// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import network.perun.api.chain.ChainTimeout;

/** A moment in the time of a remote simulated chain, awaited by long-polling its {@code /time}. */
record RemoteTimeout(RemoteChain chain, long at) implements ChainTimeout {
  @Override
  public boolean isElapsed() {
    try {
      return chain.time() >= at;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void await() throws InterruptedException {
    while (chain.awaitTime(at, RemoteChain.LONG_POLL) < at) {
      // the long poll ended before the chain reached the time: ask again
    }
  }

  @Override
  public String toString() {
    return "chain time " + at + " of " + chain.url();
  }
}
