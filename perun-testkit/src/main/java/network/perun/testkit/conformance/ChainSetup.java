// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import java.math.BigInteger;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.Transport;

/**
 * What a backend supplies to run the client conformance scenarios: a chain whose time the test drives, funded
 * parties, and a transport they all share.
 *
 * <p>One instance per test; {@link #close()} releases everything it started.
 */
public interface ChainSetup extends AutoCloseable {
  /** The backend's channel IDs and state signatures. */
  ChannelBackend channelBackend();

  /** The message bus every party of this setup uses. */
  Transport transport();

  /** The asset the scenarios move. */
  Asset asset();

  /**
   * An asset of the same backend other than {@link #asset()}, valid for that backend's state signatures (used to
   * forge an update that swaps the asset). By default 8 bytes {@code 00..ff} under the asset's backend ID.
   */
  default Asset otherAsset() {
    return new Asset(asset().backendId(), Bytes.fromHex("00000000000000ff"));
  }

  /** An app ID the backend can commit to (the scenarios run an off-chain app under it); by default 4 bytes. */
  default AppId appId() {
    return new AppId(Bytes.fromHex("a0a0a0a0"));
  }

  /** A new party holding {@code funds} of {@link #asset()} on chain, with its own wallet, funder and adjudicator. */
  Party newParty(String name, BigInteger funds);

  /** The party's on-chain balance of {@link #asset()} (outside any channel). */
  BigInteger onChainBalance(Party party);

  /** Moves the chain's clock forward by {@code seconds} (mining blocks as needed). */
  void advanceChainTime(long seconds);

  /** The chain's current time in seconds. */
  long chainTime();

  /**
   * How many seconds the chain's clock may move on by itself between a call of {@link #advanceChainTime} and a
   * transaction a client sends in reaction to it: 0 (the default) for a chain whose clock moves only when told, like
   * the simulated one; more for a chain that stamps its blocks from the wall clock, like Anvil, where a busy machine
   * takes seconds to react. Scenarios that aim at the last seconds of a window leave this much more.
   */
  default long clockDrift() {
    return 0;
  }

  /**
   * How many state-changing transactions {@code party} has sent so far (deposits, registrations, conclusions,
   * withdrawals); used to check that no party pays for a duplicate transaction.
   */
  long transactionCount(Party party);

  @Override
  void close();
}
