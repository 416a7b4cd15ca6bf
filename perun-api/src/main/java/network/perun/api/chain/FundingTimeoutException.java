// SPDX-License-Identifier: Apache-2.0
package network.perun.api.chain;

import java.util.List;
import java.util.Map;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;

/**
 * Funding did not complete in time: some participants did not deposit their share of some assets.
 *
 * <p>Our own deposit may already be on chain; settling the channel returns it (fund recovery).
 */
public class FundingTimeoutException extends PerunException {
  private static final long serialVersionUID = 1L;

  private final transient ChannelId channelId;
  private final transient Map<Integer, List<Integer>> missingByAsset;

  /**
   * @param missingByAsset for each asset index that fell short, the indices of the participants that did not
   *     fund it
   */
  public FundingTimeoutException(ChannelId channelId, Map<Integer, List<Integer>> missingByAsset) {
    super("funding of channel " + channelId.shortHex() + " timed out; participants missing per asset: " + missingByAsset);
    this.channelId = channelId;
    this.missingByAsset = Map.copyOf(missingByAsset);
  }

  public ChannelId channelId() {
    return channelId;
  }

  /** For each asset index that fell short, the participant indices that did not fund it. */
  public Map<Integer, List<Integer>> missingByAsset() {
    return missingByAsset;
  }
}
