// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.ProgressRequest;

/**
 * The {@link Adjudicator} of a simulated chain served by {@code perun chain}: every call is one request that the
 * service runs with the simulated adjudicator, so "register unless registered" and "conclude unless concluded"
 * stay atomic. Sub-channels are not supported (the node opens ledger payment channels only).
 */
public final class RemoteSimAdjudicator implements Adjudicator {
  private final RemoteChain chain;

  public RemoteSimAdjudicator(RemoteChain chain) {
    this.chain = Objects.requireNonNull(chain, "chain");
  }

  @Override
  public void register(AdjudicatorRequest request, List<SignedState> subChannels) throws InterruptedException {
    ObjectNode body = ChainCodec.JSON.objectNode();
    body.set("request", RemoteChain.request(request));
    body.set("subChannels", ChainCodec.signedStates(subChannels));
    chain.post("/register", body);
  }

  @Override
  public void withdraw(AdjudicatorRequest request, Map<ChannelId, State> subStates) throws InterruptedException {
    InvalidValueException.check(subStates.isEmpty() && request.transaction().state().allocation().locked().isEmpty(),
        "the remote simulated adjudicator settles channels without sub-channels only, got %d sub-states", subStates.size());
    ObjectNode body = ChainCodec.JSON.objectNode();
    body.set("request", RemoteChain.request(request));
    chain.post("/withdraw", body);
  }

  @Override
  public void progress(ProgressRequest request) throws InterruptedException {
    ObjectNode body = ChainCodec.JSON.objectNode();
    body.set("request", RemoteChain.request(request.request()));
    body.put("state", ChainCodec.state(request.newState()));
    body.put("actorIndex", request.actorIndex());
    body.put("signature", request.signature().bytes().toHex());
    chain.post("/progress", body);
  }

  @Override
  public AdjudicatorSubscription subscribe(ChannelId channelId) {
    return new RemoteSubscription(chain, channelId);
  }

  @Override
  public String toString() {
    return "RemoteSimAdjudicator(" + chain.url() + ")";
  }
}
