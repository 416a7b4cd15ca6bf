// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import network.perun.api.chain.ChainTimeout;

/**
 * A moment in chain time measured by the latest block's timestamp: elapsed once a block at or after {@link #at()}
 * exists, so a transaction in the next block sees {@code block.timestamp >= at}. {@link #await()} polls the chain.
 */
final class EthChainTimeout implements ChainTimeout {
  private final EthChain chain;
  private final long at;

  EthChainTimeout(EthChain chain, long at) {
    this.chain = chain;
    this.at = at;
  }

  @Override
  public long at() {
    return at;
  }

  @Override
  public boolean isElapsed() {
    return chain.now() >= at;
  }

  @Override
  public void await() throws InterruptedException {
    while (!isElapsed()) {
      Thread.sleep(chain.settings().pollInterval().toMillis());
    }
  }

  @Override
  public String toString() {
    return "chain time " + at;
  }
}
