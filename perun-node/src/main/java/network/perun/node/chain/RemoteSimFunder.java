// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import network.perun.api.InvalidValueException;
import network.perun.api.spi.Funder;
import network.perun.api.spi.FundingRequest;

/**
 * The {@link Funder} of a simulated chain served by {@code perun chain}: the service runs the simulated funder's
 * atomic "deposit what is missing of our share, then wait until funded", so it is idempotent like the embedded one.
 */
public final class RemoteSimFunder implements Funder {
  private final RemoteChain chain;
  private final long fundingTimeout;

  /** A funder on {@code chain} that gives up after {@code fundingTimeout} seconds of chain time. */
  public RemoteSimFunder(RemoteChain chain, long fundingTimeout) {
    this.chain = Objects.requireNonNull(chain, "chain");
    InvalidValueException.check(fundingTimeout > 0, "funding timeout must be > 0 seconds, got %d", fundingTimeout);
    this.fundingTimeout = fundingTimeout;
  }

  @Override
  public void fund(FundingRequest request) throws InterruptedException {
    ObjectNode body = ChainCodec.JSON.objectNode();
    body.put("channel", request.channelId().bytes().toHex());
    body.put("params", ChainCodec.params(request.params()));
    body.put("state", ChainCodec.state(request.initialState()));
    body.put("ownIndex", request.ownIndex());
    body.set("agreement", ChainCodec.balances(request.agreement()));
    body.put("fundingTimeout", fundingTimeout);
    chain.post("/fund", body);
  }

  @Override
  public String toString() {
    return "RemoteSimFunder(" + chain.url() + ", timeout " + fundingTimeout + "s)";
  }
}
