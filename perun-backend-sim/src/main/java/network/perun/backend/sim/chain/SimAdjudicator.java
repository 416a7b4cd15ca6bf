// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.ProgressRequest;

/**
 * The {@link Adjudicator} of the simulated chain: sends register, progress, conclude and withdraw transactions
 * to a {@link SimChain} from the request's account, and waits in the chain's time.
 *
 * <p>It never sends a transaction that cannot change anything: a state that is already registered is not
 * registered again, a concluded channel is not concluded again (the check and the conclusion are one atomic step,
 * so two parties settling at once pay for one conclusion between them, whichever is secondary), and nothing is
 * withdrawn twice.
 */
public final class SimAdjudicator implements Adjudicator {
  private final SimChain chain;

  public SimAdjudicator(SimChain chain) {
    this.chain = Objects.requireNonNull(chain, "chain");
  }

  @Override
  public void register(AdjudicatorRequest request, List<SignedState> subChannels) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    List<SignedState> subs = List.copyOf(subChannels);
    if (concludesFinally(request.transaction())) {
      concludeFinalUnlessConcluded(request);
      return;
    }
    Transaction tx = request.transaction();
    SignedState root = new SignedState(request.params(), tx.state(), tx.fullSignatures());
    Address sender = request.account().address();
    chain.atomically(() -> {
      if (!isRegistered(root, subs)) {
        chain.register(sender, root, subs);
      }
      return null;
    });
  }

  @Override
  public void progress(ProgressRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    AdjudicatorRequest req = request.request();
    chain.progress(req.account().address(), req.params(), req.transaction().state(), request.newState(), request.actorIndex(), request.signature());
  }

  @Override
  public void withdraw(AdjudicatorRequest request, Map<ChannelId, State> subStates) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(subStates, "subStates");
    State state = request.transaction().state();
    List<State> subs = depthFirst(state, subStates);
    ensureConcluded(request, subs);
    checkConcludedVersion(state);
    for (State sub : subs) {
      checkConcludedVersion(sub);
    }
    Address participant = request.params().participants().get(request.ownIndex());
    Set<Asset> assets = new LinkedHashSet<>(state.allocation().assets());
    for (Asset asset : assets) {
      chain.withdraw(state.channelId(), participant, asset);
    }
  }

  @Override
  public AdjudicatorSubscription subscribe(ChannelId channelId) {
    return new SimSubscription(chain, channelId);
  }

  /** A fully signed final state without sub-channels concludes at once, with no dispute. */
  private static boolean concludesFinally(Transaction tx) {
    return tx.state().isFinal() && tx.state().allocation().locked().isEmpty() && tx.isFullySigned();
  }

  private void concludeFinalUnlessConcluded(AdjudicatorRequest request) {
    Transaction tx = request.transaction();
    chain.atomically(() -> {
      Optional<Dispute> dispute = chain.dispute(tx.state().channelId());
      if (dispute.isEmpty() || !dispute.get().isConcluded()) {
        chain.concludeFinal(request.account().address(), request.params(), tx.state(), tx.fullSignatures());
      }
      return null;
    });
  }

  private void ensureConcluded(AdjudicatorRequest request, List<State> subs) throws InterruptedException {
    if (concludesFinally(request.transaction())) {
      concludeFinalUnlessConcluded(request);
      return;
    }
    ChannelId id = request.channelId();
    Params params = request.params();
    State state = request.transaction().state();
    Address sender = request.account().address();
    while (true) {
      chain.await(() -> {
        Optional<Dispute> d = chain.dispute(id);
        return d.isEmpty() || d.get().isConcluded() || chain.clock().hasReached(d.get().concludableAt());
      }, Long.MAX_VALUE);
      boolean done = chain.atomically(() -> {
        Optional<Dispute> d = chain.dispute(id);
        if (d.isPresent() && d.get().isConcluded()) {
          return true;
        }
        if (d.isPresent() && !chain.clock().hasReached(d.get().concludableAt())) {
          return false; // progressed meanwhile: wait for the new timeout
        }
        chain.conclude(sender, params, state, subs);
        return true;
      });
      if (done) {
        return;
      }
    }
  }

  private void checkConcludedVersion(State expected) {
    Dispute dispute = chain.dispute(expected.channelId())
        .orElseThrow(() -> new AdjudicatorException("channel " + expected.channelId().shortHex() + " is not concluded on chain"));
    if (!dispute.isConcluded()) {
      throw new AdjudicatorException("channel " + expected.channelId().shortHex() + " is not concluded on chain, phase " + dispute.phase());
    }
    if (dispute.version() != expected.version()) {
      throw new AdjudicatorException("wrong version: channel " + expected.channelId().shortHex() + " concluded with version " + dispute.version() + ", expected " + expected.version());
    }
  }

  private boolean isRegistered(SignedState root, List<SignedState> subs) {
    if (!isRegistered(root.state())) {
      return false;
    }
    for (SignedState sub : subs) {
      if (!isRegistered(sub.state())) {
        return false;
      }
    }
    return true;
  }

  private boolean isRegistered(State state) {
    return chain.dispute(state.channelId()).map(d -> d.state().equals(state)).orElse(false);
  }

  /** The sub-channel states of {@code state}'s tree in depth-first order of the {@code locked} entries. */
  private static List<State> depthFirst(State state, Map<ChannelId, State> subStates) {
    List<State> out = new ArrayList<>();
    collect(state, subStates, out);
    return List.copyOf(out);
  }

  private static void collect(State state, Map<ChannelId, State> subStates, List<State> out) {
    for (SubAlloc sub : state.allocation().locked()) {
      State child = subStates.get(sub.id());
      InvalidValueException.check(child != null, "the state of sub-channel %s is missing from the sub-states", sub.id());
      out.add(child);
      collect(child, subStates, out);
    }
  }

  @Override
  public String toString() {
    return "SimAdjudicator(" + chain + ")";
  }
}
