// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.api.spi.AdjudicatorSubscription;
import network.perun.api.spi.ProgressRequest;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthAsset;
import network.perun.backend.eth.PerunAbi;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.WithdrawalAuth;
import network.perun.backend.eth.rpc.TransactionRevertedException;
import network.perun.backend.eth.rpc.TransactionSender;

/**
 * The {@link Adjudicator} of the Ethereum backend: register, progress, conclude, conclude-final and withdraw
 * through the Perun Adjudicator and AssetHolder contracts.
 *
 * <p>It learns a channel's status from the contracts' getters ({@code disputes}, {@code holdings}), never from a
 * bounded event look-back, and never sends a transaction that cannot change anything: a registered state is not
 * registered again, a concluded channel is not concluded again, a secondary settler first waits
 * ({@link EthChain.Settings#secondaryWait()}) for the other party's conclusion, and empty holdings are not
 * withdrawn (so withdrawing twice sends nothing). A transaction that would revert is not sent (pre-flight);
 * if a conclusion reverts because another party concluded first, that counts as concluded.
 */
public final class EthAdjudicator implements Adjudicator {
  private final EthChain chain;
  private final TransactionSender sender;
  private final Address receiver;

  EthAdjudicator(EthChain chain, EthAccount account, Address receiver) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.sender = chain.sender(account);
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    EthAddress.bytes(receiver);
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
    if (isRegistered(root.state()) && subs.stream().allMatch(s -> isRegistered(s.state()))) {
      return;
    }
    sender.send("register channel " + request.channelId().shortHex() + " version " + tx.state().version(), chain.adjudicatorAddress(), BigInteger.ZERO,
        PerunCalls.register(root, subs));
  }

  @Override
  public void progress(ProgressRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    AdjudicatorRequest req = request.request();
    sender.send("progress channel " + req.channelId().shortHex() + " to version " + request.newState().version(), chain.adjudicatorAddress(),
        BigInteger.ZERO, PerunCalls.progress(req.params(), req.transaction().state(), request.newState(), request.actorIndex(), request.signature()));
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
    Bytes fundingId = PerunAbi.fundingId(request.channelId(), participant);
    Set<Asset> assets = new LinkedHashSet<>(state.allocation().assets());
    for (Asset asset : assets) {
      if (!chain.isOnThisChain(asset)) {
        continue;
      }
      Address holder = EthAsset.of(asset).holder();
      chain.token(holder);
      BigInteger amount = chain.holdings(holder, fundingId);
      if (amount.signum() == 0) {
        continue; // nothing to withdraw, or withdrawn already
      }
      WithdrawalAuth auth = WithdrawalAuth.of(request.channelId(), participant, receiver, amount);
      Signature signature = request.account().sign(PerunAbi.encode(auth));
      sender.send("withdraw " + amount + " from channel " + request.channelId().shortHex() + " at " + EthAddress.checksummed(holder), holder,
          BigInteger.ZERO, PerunCalls.withdraw(auth, signature));
    }
  }

  @Override
  public AdjudicatorSubscription subscribe(ChannelId channelId) {
    return new EthSubscription(chain, channelId);
  }

  /** A fully signed final state without sub-channels concludes at once, with no dispute. */
  private static boolean concludesFinally(Transaction tx) {
    return tx.state().isFinal() && tx.state().allocation().locked().isEmpty() && tx.isFullySigned();
  }

  private boolean isConcluded(ChannelId id) {
    return chain.dispute(id).map(Dispute::isConcluded).orElse(false);
  }

  private void concludeFinalUnlessConcluded(AdjudicatorRequest request) throws InterruptedException {
    Transaction tx = request.transaction();
    if (isConcluded(request.channelId())) {
      return;
    }
    try {
      sender.send("conclude-final channel " + request.channelId().shortHex() + " version " + tx.state().version(), chain.adjudicatorAddress(),
          BigInteger.ZERO, PerunCalls.concludeFinal(request.params(), tx.state(), tx.fullSignatures()));
    } catch (TransactionRevertedException e) {
      if (!isConcluded(request.channelId())) {
        throw e;
      }
      // another participant concluded first
    }
  }

  private void ensureConcluded(AdjudicatorRequest request, List<State> subs) throws InterruptedException {
    ChannelId id = request.channelId();
    if (request.secondary()) {
      awaitOthersConclusion(id);
    }
    if (concludesFinally(request.transaction())) {
      concludeFinalUnlessConcluded(request);
      return;
    }
    Params params = request.params();
    State state = request.transaction().state();
    while (true) {
      Optional<Dispute> dispute = chain.dispute(id);
      if (dispute.isPresent() && dispute.get().isConcluded()) {
        return;
      }
      if (dispute.isEmpty()) {
        throw new AdjudicatorException("channel " + id.shortHex() + " is not registered on chain: register it before withdrawing");
      }
      Dispute d = dispute.get();
      if (!chain.timeout(d.concludableAt()).isElapsed()) {
        chain.timeout(d.concludableAt()).await();
        continue; // it may have been progressed or concluded meanwhile
      }
      if (!d.stateHash().equals(Bytes.wrap(PerunAbi.stateHash(state)))) {
        throw new AdjudicatorException("channel " + id.shortHex() + " has version " + d.version() + " registered, not our version " + state.version()
            + ": the registered state decides the outcome");
      }
      try {
        sender.send("conclude channel " + id.shortHex() + " version " + state.version(), chain.adjudicatorAddress(), BigInteger.ZERO,
            PerunCalls.conclude(params, state, subs));
        return;
      } catch (TransactionRevertedException e) {
        Optional<Dispute> now = chain.dispute(id);
        if (now.isPresent() && (now.get().isConcluded() || !now.get().equals(d))) {
          continue; // concluded by someone else, or progressed: look again
        }
        throw e;
      }
    }
  }

  /** Polls for up to {@link EthChain.Settings#secondaryWait()} until someone else concluded the channel. */
  private void awaitOthersConclusion(ChannelId id) throws InterruptedException {
    long deadline = System.nanoTime() + chain.settings().secondaryWait().toNanos();
    while (!isConcluded(id) && System.nanoTime() - deadline < 0) {
      Thread.sleep(chain.settings().pollInterval().toMillis());
    }
  }

  private boolean isRegistered(State state) {
    return chain.dispute(state.channelId()).map(d -> d.stateHash().equals(Bytes.wrap(PerunAbi.stateHash(state)))).orElse(false);
  }

  private void checkConcludedVersion(State expected) {
    Dispute d = chain.dispute(expected.channelId())
        .orElseThrow(() -> new AdjudicatorException("channel " + expected.channelId().shortHex() + " is not concluded on chain"));
    if (!d.isConcluded()) {
      throw new AdjudicatorException("channel " + expected.channelId().shortHex() + " is not concluded on chain, phase " + d.phase());
    }
    if (d.version() != expected.version()) {
      throw new AdjudicatorException("wrong version: channel " + expected.channelId().shortHex() + " concluded with version " + d.version()
          + ", expected " + expected.version());
    }
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
    return "EthAdjudicator(" + EthAddress.checksummed(sender.address()) + " on " + chain + ")";
  }
}
