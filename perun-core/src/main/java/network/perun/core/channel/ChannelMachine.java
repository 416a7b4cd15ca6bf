// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import static network.perun.api.Phase.ACTING;
import static network.perun.api.Phase.FINAL;
import static network.perun.api.Phase.FUNDING;
import static network.perun.api.Phase.INIT_ACTING;
import static network.perun.api.Phase.INIT_SIGNING;
import static network.perun.api.Phase.PROGRESSED;
import static network.perun.api.Phase.PROGRESSING;
import static network.perun.api.Phase.REGISTERED;
import static network.perun.api.Phase.REGISTERING;
import static network.perun.api.Phase.SIGNING;
import static network.perun.api.Phase.WITHDRAWING;
import static network.perun.api.Phase.WITHDRAWN;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.App;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidSignatureException;
import network.perun.api.InvalidValueException;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.StateTransitionException;
import network.perun.api.Transaction;
import network.perun.api.spi.Account;
import network.perun.api.spi.ChannelBackend;

/**
 * The state machine of one channel as one participant sees it: its phase, its latest fully signed transaction and
 * the proposed next state collecting signatures (go-perun {@code channel.StateMachine}).
 *
 * <p>A machine is an immutable value. Every transition returns a new machine; an illegal one throws and, since
 * nothing is mutated, changes nothing. A reference to a machine is therefore a consistent snapshot that can be
 * read without a lock while another thread computes the next machine (go-perun #356).
 *
 * <p>Transitions, each allowed only in the phases listed (spec section 1.6):
 *
 * <pre>
 * operation        from                                             to
 * init             INIT_ACTING                                      INIT_SIGNING  (stages version 0)
 * sign             INIT_SIGNING, SIGNING, PROGRESSING               same phase    (own signature on staging)
 * addSignature     INIT_SIGNING, SIGNING, PROGRESSING               same phase    (a peer's signature on staging)
 * enableInit       INIT_SIGNING                                     FUNDING       (staging fully signed)
 * setFunded        FUNDING                                          ACTING
 * update           ACTING                                           SIGNING       (after validTransition)
 * discardUpdate    SIGNING                                          ACTING        (staging dropped)
 * enableUpdate     SIGNING                                          ACTING        (fully signed, not final)
 * enableFinal      SIGNING                                          FINAL         (fully signed, final)
 * setRegistering   FUNDING, ACTING, SIGNING, FINAL, REGISTERING*    REGISTERING
 * setRegistered    FUNDING, ACTING, SIGNING, FINAL, REGISTERING,
 *                  REGISTERED*                                      REGISTERED
 * setProgressing   REGISTERED, PROGRESSING, PROGRESSED              PROGRESSING   (stages the progressed state)
 * setProgressed    REGISTERED, PROGRESSING, PROGRESSED              PROGRESSED    (forces a tx as current)
 * setWithdrawing   FINAL, REGISTERED, PROGRESSING*, PROGRESSED,
 *                  WITHDRAWING                                      WITHDRAWING
 * setWithdrawn     WITHDRAWING                                      WITHDRAWN
 * </pre>
 *
 * <p>go-perun does not check the settlement setters against its phase table; this machine does. The edges marked
 * {@code *} are not in go-perun's table but are needed by its flows: retrying a failed registration, a second
 * registration event from the watcher, and withdrawing after a progression that never landed on chain. Leaving
 * SIGNING for REGISTERING or REGISTERED, or PROGRESSING for WITHDRAWING, drops the staged state, so the state
 * that is registered or withdrawn is always {@link #current()}.
 *
 * <p>Invariants, checked by the constructor (and so by {@link #of}): {@code current} is present from FUNDING on
 * and fully signed from FUNDING to REGISTERED (after an on-chain progression it may carry only the actor's
 * signature); {@code staging} is present exactly in INIT_SIGNING, SIGNING and PROGRESSING, with version 0 or
 * {@code current}'s version + 1; every state belongs to this channel, has one balance column per participant and
 * the channel's app.
 *
 * @param id the channel's ID, computed by the backend from {@code params}
 * @param params the channel's fixed parameters
 * @param ownIndex our index among {@code params.participants()}
 * @param phase the channel's phase
 * @param current the latest fully signed transaction; empty before the version-0 state is fully signed
 * @param staging the proposed next state and the signatures gathered for it so far
 */
public record ChannelMachine(ChannelId id, Params params, int ownIndex, Phase phase, Optional<Transaction> current, Optional<Transaction> staging) {
  private static final Set<Phase> SIGNING_PHASES = EnumSet.of(INIT_SIGNING, SIGNING, PROGRESSING);
  private static final Set<Phase> SETTLING = EnumSet.of(FUNDING, ACTING, SIGNING, FINAL);
  private static final Set<Phase> FULLY_SIGNED_CURRENT = EnumSet.of(FUNDING, ACTING, SIGNING, FINAL, REGISTERING, REGISTERED);

  public ChannelMachine {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(staging, "staging");
    // Every message is built only when a check fails: a machine is made on every step of every update.
    int n = params.numParticipants();
    if (ownIndex < 0 || ownIndex >= n) {
      throw invalid("own index must be in 0..%d, got %d", n - 1, ownIndex);
    }
    boolean hasCurrent = phase.code() >= FUNDING.code();
    if (current.isPresent() != hasCurrent) {
      throw invalid("channel %s in phase %s must %s a current transaction", id.shortHex(), phase, hasCurrent ? "have" : "not have");
    }
    boolean hasStaging = SIGNING_PHASES.contains(phase);
    if (staging.isPresent() != hasStaging) {
      throw invalid("channel %s in phase %s must %s a staged transaction", id.shortHex(), phase, hasStaging ? "have" : "not have");
    }
    if (current.isPresent()) {
      checkBelongs(id, params, current.get().state(), "current");
    }
    if (staging.isPresent()) {
      checkBelongs(id, params, staging.get().state(), "staged");
    }
    if (FULLY_SIGNED_CURRENT.contains(phase) && !current.orElseThrow().isFullySigned()) {
      Transaction tx = current.orElseThrow();
      throw invalid("channel %s in phase %s: current version %d lacks the signatures of participants %s", id.shortHex(), phase, tx.state().version(),
          missingSignatures(tx));
    }
    if (phase == FUNDING && current.orElseThrow().state().version() != 0) {
      throw invalid("channel %s in phase FUNDING: current version must be 0, got %d", id.shortHex(), current.orElseThrow().state().version());
    }
    if ((phase == ACTING || phase == SIGNING) && current.orElseThrow().state().isFinal()) {
      throw invalid("channel %s in phase %s: current version %d must not be final", id.shortHex(), phase, current.orElseThrow().state().version());
    }
    if (phase == FINAL && !current.orElseThrow().state().isFinal()) {
      throw invalid("channel %s in phase FINAL: current version %d must be final", id.shortHex(), current.orElseThrow().state().version());
    }
    if (phase == INIT_SIGNING) {
      State s = staging.orElseThrow().state();
      if (s.version() != 0 || s.isFinal()) {
        throw invalid("channel %s in phase INIT_SIGNING: staged state must be version 0 and not final, got version %d%s", id.shortHex(), s.version(),
            s.isFinal() ? " (final)" : "");
      }
    }
    if (phase == SIGNING || phase == PROGRESSING) {
      long cur = current.orElseThrow().state().version();
      long staged = staging.orElseThrow().state().version();
      if (cur == Long.MAX_VALUE || staged != cur + 1) {
        throw invalid("channel %s in phase %s: staged version must be %d + 1, got %d", id.shortHex(), phase, cur, staged);
      }
    }
  }

  /**
   * A new machine for a channel we take part in, in phase {@link Phase#INIT_ACTING}.
   *
   * @param id the channel ID the backend computed from {@code params}
   * @throws InvalidValueException if {@code ownIndex} is not a participant index of {@code params}
   */
  public static ChannelMachine create(ChannelId id, Params params, int ownIndex) {
    return new ChannelMachine(id, params, ownIndex, INIT_ACTING, Optional.empty(), Optional.empty());
  }

  /**
   * A machine with the given fields, checked for consistency (for restoring a persisted channel). Signatures are
   * not verified here.
   *
   * @throws InvalidValueException if the fields break an invariant of the machine (see the type's description)
   */
  public static ChannelMachine of(ChannelId id, Params params, int ownIndex, Phase phase, Optional<Transaction> current, Optional<Transaction> staging) {
    return new ChannelMachine(id, params, ownIndex, phase, current, staging);
  }

  // ---- opening ----

  /**
   * Stages the version-0 state: {@code initBals}, the channel's app, {@code initData}, not final.
   *
   * @param app the channel's app (its ID must be {@code params.app()}); it checks the initial state
   * @throws PhaseTransitionException outside INIT_ACTING
   * @throws StateTransitionException if the allocation's participants differ from the channel's, it locks funds,
   *     or the app refuses the state
   */
  public ChannelMachine init(Allocation initBals, Bytes initData, App app) {
    requirePhase("init", EnumSet.of(INIT_ACTING));
    Objects.requireNonNull(initBals, "initBals");
    Objects.requireNonNull(initData, "initData");
    requireChannelApp(app);
    int n = params.numParticipants();
    if (initBals.numParticipants() != n) {
      throw transition("initial allocation has %d participants, the channel has %d", initBals.numParticipants(), n);
    }
    if (!initBals.locked().isEmpty()) {
      throw transition("initial allocation must not lock funds, got %d sub-allocations", initBals.locked().size());
    }
    State initial = new State(id, 0, initBals, params.app(), initData, false);
    app.validInit(params, initial);
    return next(INIT_SIGNING, Optional.empty(), Optional.of(Transaction.unsigned(initial)));
  }

  /**
   * Signs the staged state with {@code account} and puts the signature in our slot. If our slot already holds a
   * signature, nothing is signed again and this machine is returned.
   *
   * @throws PhaseTransitionException outside INIT_SIGNING, SIGNING and PROGRESSING
   * @throws InvalidValueException if {@code account} is not our participant's account
   */
  public ChannelMachine sign(ChannelBackend backend, Account account) {
    requirePhase("sign", SIGNING_PHASES);
    Objects.requireNonNull(backend, "backend");
    Address own = params.participants().get(ownIndex);
    if (!own.equals(account.address())) {
      throw invalid("channel %s: account %s cannot sign for participant %d, whose address is %s", id.shortHex(), account.address(), ownIndex, own);
    }
    Transaction tx = staging.orElseThrow();
    if (tx.hasSignature(ownIndex)) {
      return this;
    }
    Signature sig = backend.sign(account, tx.state());
    return next(phase, current, Optional.of(tx.withSignature(ownIndex, sig)));
  }

  /**
   * Verifies a peer's signature of the staged state and puts it in the peer's slot.
   *
   * @throws PhaseTransitionException outside INIT_SIGNING, SIGNING and PROGRESSING
   * @throws InvalidSignatureException if {@code index} is out of range or our own, the slot is already filled, or
   *     {@code signature} does not verify against participant {@code index}'s address over the staged state
   */
  public ChannelMachine addSignature(ChannelBackend backend, int index, Signature signature) {
    requirePhase("addSignature", SIGNING_PHASES);
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(signature, "signature");
    Transaction tx = staging.orElseThrow();
    long version = tx.state().version();
    int n = params.numParticipants();
    if (index < 0 || index >= n) {
      throw badSignature("signature index %d is not a participant (0..%d) of version %d", index, n - 1, version);
    }
    if (index == ownIndex) {
      throw badSignature("signature index %d of version %d is our own index: we add our signature with sign", index, version);
    }
    if (tx.hasSignature(index)) {
      throw badSignature("participant %d has already signed version %d", index, version);
    }
    Address signer = params.participants().get(index);
    if (!backend.verify(signer, tx.state(), signature)) {
      throw badSignature("signature of participant %d (%s) does not verify for version %d: %s", index, signer, version, signature);
    }
    return next(phase, current, Optional.of(tx.withSignature(index, signature)));
  }

  /**
   * Makes the fully signed version-0 state current: INIT_SIGNING to FUNDING.
   *
   * @throws PhaseTransitionException outside INIT_SIGNING or while a signature is missing
   */
  public ChannelMachine enableInit() {
    requirePhase("enableInit", EnumSet.of(INIT_SIGNING));
    Transaction tx = requireFullySigned("enableInit");
    return next(FUNDING, Optional.of(tx), Optional.empty());
  }

  /**
   * Records that every participant has funded the channel: FUNDING to ACTING.
   *
   * @throws PhaseTransitionException outside FUNDING
   */
  public ChannelMachine setFunded() {
    requirePhase("setFunded", EnumSet.of(FUNDING));
    return next(ACTING, current, Optional.empty());
  }

  // ---- updates ----

  /**
   * Stages {@code next} as the proposed update by participant {@code actorIndex}: ACTING to SIGNING, after
   * {@link #validTransition}.
   *
   * @throws PhaseTransitionException outside ACTING
   * @throws StateTransitionException if the transition is not valid
   */
  public ChannelMachine update(State next, int actorIndex, App app) {
    requirePhase("update", EnumSet.of(ACTING));
    validTransition(next, actorIndex, app);
    return next(SIGNING, current, Optional.of(Transaction.unsigned(next)));
  }

  /**
   * Checks that {@code next} may follow the current state when participant {@code actorIndex} acts, without
   * changing anything (go-perun {@code ValidTransition} plus the two-party rule that locked funds stay unchanged).
   *
   * <p>The rules, in order: the actor is a participant; the state is of this channel and of its app; the current
   * state is not final; the version is the current one + 1; the allocation has one column per participant, the
   * same assets and the same locked funds; every asset's sum (locked funds included) is unchanged; and finally
   * {@code app.validTransition}.
   *
   * @param app the channel's app (its ID must be {@code params.app()})
   * @throws PhaseTransitionException if there is no current state yet
   * @throws StateTransitionException naming the broken rule and the bad value
   */
  public void validTransition(State next, int actorIndex, App app) {
    Objects.requireNonNull(next, "next");
    requireChannelApp(app);
    int n = params.numParticipants();
    if (actorIndex < 0 || actorIndex >= n) {
      throw transition("actor index must be in 0..%d, got %d", n - 1, actorIndex);
    }
    State from = requireCurrent("validTransition").state();
    checkGenericTransition(from, next);
    if (!next.allocation().locked().equals(from.allocation().locked())) {
      throw transition("locked funds must stay %s, got %s", from.allocation().locked(), next.allocation().locked());
    }
    checkSums(from, next);
    app.validTransition(params, from, next, actorIndex);
  }

  /**
   * Drops the staged update: SIGNING to ACTING.
   *
   * @throws PhaseTransitionException outside SIGNING
   */
  public ChannelMachine discardUpdate() {
    requirePhase("discardUpdate", EnumSet.of(SIGNING));
    return next(ACTING, current, Optional.empty());
  }

  /**
   * Makes the fully signed, non-final staged state current: SIGNING to ACTING.
   *
   * @throws PhaseTransitionException outside SIGNING, while a signature is missing, or if the staged state is final
   */
  public ChannelMachine enableUpdate() {
    requirePhase("enableUpdate", EnumSet.of(SIGNING));
    Transaction tx = requireFullySigned("enableUpdate");
    if (tx.state().isFinal()) {
      throw new PhaseTransitionException(id, phase, "enableUpdate", "staged version " + tx.state().version() + " is final: use enableFinal");
    }
    return next(ACTING, Optional.of(tx), Optional.empty());
  }

  /**
   * Makes the fully signed, final staged state current: SIGNING to FINAL.
   *
   * @throws PhaseTransitionException outside SIGNING, while a signature is missing, or if the staged state is not
   *     final
   */
  public ChannelMachine enableFinal() {
    requirePhase("enableFinal", EnumSet.of(SIGNING));
    Transaction tx = requireFullySigned("enableFinal");
    if (!tx.state().isFinal()) {
      throw new PhaseTransitionException(id, phase, "enableFinal", "staged version " + tx.state().version() + " is not final: use enableUpdate");
    }
    return next(FINAL, Optional.of(tx), Optional.empty());
  }

  // ---- settlement ----

  /**
   * Records that the current state is being registered on chain; a staged update is dropped.
   *
   * @throws PhaseTransitionException outside FUNDING, ACTING, SIGNING, FINAL and REGISTERING
   */
  public ChannelMachine setRegistering() {
    Set<Phase> from = EnumSet.copyOf(SETTLING);
    from.add(REGISTERING);
    requirePhase("setRegistering", from);
    return next(REGISTERING, current, Optional.empty());
  }

  /**
   * Records that a state is registered on chain; a staged update is dropped.
   *
   * @throws PhaseTransitionException outside FUNDING, ACTING, SIGNING, FINAL, REGISTERING and REGISTERED
   */
  public ChannelMachine setRegistered() {
    Set<Phase> from = EnumSet.copyOf(SETTLING);
    from.add(REGISTERING);
    from.add(REGISTERED);
    requirePhase("setRegistered", from);
    return next(REGISTERED, current, Optional.empty());
  }

  /**
   * Stages {@code next} for an on-chain progression of the registered state: to PROGRESSING. Only the generic
   * rules are checked (same channel and app, current not final, version + 1, same assets, equal sums); the app's
   * rules are enforced by the adjudicator.
   *
   * @throws PhaseTransitionException outside REGISTERED, PROGRESSING and PROGRESSED
   * @throws StateTransitionException if a generic rule is broken
   */
  public ChannelMachine setProgressing(State next) {
    requirePhase("setProgressing", EnumSet.of(REGISTERED, PROGRESSING, PROGRESSED));
    Objects.requireNonNull(next, "next");
    State from = requireCurrent("setProgressing").state();
    checkGenericTransition(from, next);
    checkSums(from, next);
    return next(PROGRESSING, current, Optional.of(Transaction.unsigned(next)));
  }

  /**
   * Forces {@code tx}, the state an on-chain progression established, as current: to PROGRESSED. Its signatures
   * are not checked (the adjudicator did); it may carry only the actor's.
   *
   * @throws PhaseTransitionException outside REGISTERED, PROGRESSING and PROGRESSED
   * @throws InvalidValueException if {@code tx} is not a state of this channel with its participants and app
   */
  public ChannelMachine setProgressed(Transaction tx) {
    requirePhase("setProgressed", EnumSet.of(REGISTERED, PROGRESSING, PROGRESSED));
    Objects.requireNonNull(tx, "tx");
    checkBelongs(id, params, tx.state(), "progressed");
    return next(PROGRESSED, Optional.of(tx), Optional.empty());
  }

  /**
   * Records that the outcome is being withdrawn; a staged progression is dropped.
   *
   * @throws PhaseTransitionException outside FINAL, REGISTERED, PROGRESSING, PROGRESSED and WITHDRAWING
   */
  public ChannelMachine setWithdrawing() {
    requirePhase("setWithdrawing", EnumSet.of(FINAL, REGISTERED, PROGRESSING, PROGRESSED, WITHDRAWING));
    return next(WITHDRAWING, current, Optional.empty());
  }

  /**
   * Records that every share is withdrawn: WITHDRAWING to WITHDRAWN, the end of the channel.
   *
   * @throws PhaseTransitionException outside WITHDRAWING
   */
  public ChannelMachine setWithdrawn() {
    requirePhase("setWithdrawn", EnumSet.of(WITHDRAWING));
    return next(WITHDRAWN, current, Optional.empty());
  }

  // ---- reads ----

  /**
   * The current (latest fully signed) state.
   *
   * @throws PhaseTransitionException before the version-0 state is fully signed
   */
  public State state() {
    return requireCurrent("read the current state").state();
  }

  /**
   * The current state's version.
   *
   * @throws PhaseTransitionException before the version-0 state is fully signed
   */
  public long version() {
    return state().version();
  }

  /** Whether the current state exists and is final. */
  public boolean isFinal() {
    return current.isPresent() && current.get().state().isFinal();
  }

  /** The staged state, if one is collecting signatures. */
  public Optional<State> stagingState() {
    return staging.map(Transaction::state);
  }

  /** Our signature of the staged state, if we have signed it. */
  public Optional<Signature> ownStagingSignature() {
    return staging.flatMap(tx -> tx.signatures().get(ownIndex));
  }

  /** The number of participants. */
  public int numParticipants() {
    return params.numParticipants();
  }

  /** Our on-chain address. */
  public Address ownAddress() {
    return params.participants().get(ownIndex);
  }

  /** A one-line summary: short ID, own index, phase, current and staged versions with their signature counts. */
  @Override
  public String toString() {
    return "ChannelMachine[" + id.shortHex() + ", idx " + ownIndex + "/" + params.numParticipants() + ", " + phase
        + ", current " + current.map(ChannelMachine::describe).orElse("none")
        + ", staging " + staging.map(ChannelMachine::describe).orElse("none") + "]";
  }

  // ---- helpers ----

  private ChannelMachine next(Phase newPhase, Optional<Transaction> newCurrent, Optional<Transaction> newStaging) {
    return new ChannelMachine(id, params, ownIndex, newPhase, newCurrent, newStaging);
  }

  private void requirePhase(String operation, Set<Phase> allowed) {
    if (!allowed.contains(phase)) {
      throw new PhaseTransitionException(id, phase, operation, "allowed in " + allowed);
    }
  }

  private Transaction requireCurrent(String operation) {
    return current.orElseThrow(() -> new PhaseTransitionException(id, phase, operation, "no state is fully signed yet"));
  }

  private Transaction requireFullySigned(String operation) {
    Transaction tx = staging.orElseThrow();
    if (!tx.isFullySigned()) {
      throw new PhaseTransitionException(id, phase, operation,
          "staged version " + tx.state().version() + " lacks the signatures of participants " + missingSignatures(tx));
    }
    return tx;
  }

  private void requireChannelApp(App app) {
    Objects.requireNonNull(app, "app");
    if (!app.id().equals(params.app())) {
      throw invalid("channel %s: app %s is not the channel's app %s", id.shortHex(), app, params.app().map(Object::toString).orElse("(none)"));
    }
  }

  /** The generic rules shared by updates and on-chain progressions (all but the actor, locked funds and sums). */
  private void checkGenericTransition(State from, State to) {
    if (!to.channelId().equals(id)) {
      throw transition("state belongs to channel %s, not to this channel", to.channelId().shortHex());
    }
    if (!to.app().equals(from.app())) {
      throw transition("app must stay %s, got %s", appName(from), appName(to));
    }
    if (from.isFinal()) {
      throw transition("current version %d is final and cannot be updated", from.version());
    }
    if (from.version() == Long.MAX_VALUE) {
      throw transition("current version %d is the last one", from.version());
    }
    if (to.version() != from.version() + 1) {
      throw transition("version must be %d (current %d + 1), got %d", from.version() + 1, from.version(), to.version());
    }
    int n = params.numParticipants();
    if (to.allocation().numParticipants() != n) {
      throw transition("allocation must have %d participants, got %d", n, to.allocation().numParticipants());
    }
    if (!to.allocation().assets().equals(from.allocation().assets())) {
      throw transition("assets must stay %s, got %s", from.allocation().assets(), to.allocation().assets());
    }
  }

  private void checkSums(State from, State to) {
    List<BigInteger> before = from.allocation().sums();
    List<BigInteger> after = to.allocation().sums();
    for (int a = 0; a < before.size(); a++) {
      if (!before.get(a).equals(after.get(a))) {
        throw transition("sum of asset %d (locked funds included) must stay %s, got %s", a, before.get(a), after.get(a));
      }
    }
  }

  private StateTransitionException transition(String format, Object... args) {
    return new StateTransitionException("channel " + id.shortHex() + ": " + String.format(format, args));
  }

  private InvalidSignatureException badSignature(String format, Object... args) {
    return new InvalidSignatureException("channel " + id.shortHex() + ": " + String.format(format, args));
  }

  private static void checkBelongs(ChannelId id, Params params, State state, String what) {
    if (!state.channelId().equals(id)) {
      throw invalid("%s state belongs to channel %s, not %s", what, state.channelId().shortHex(), id.shortHex());
    }
    if (state.allocation().numParticipants() != params.numParticipants()) {
      throw invalid("channel %s: %s state version %d has %d participants, the channel has %d", id.shortHex(), what, state.version(),
          state.allocation().numParticipants(), params.numParticipants());
    }
    if (!state.app().equals(params.app())) {
      throw invalid("channel %s: %s state version %d has %s, the channel has %s", id.shortHex(), what, state.version(), appName(state),
          params.app().map(Object::toString).orElse("no app"));
    }
  }

  private static InvalidValueException invalid(String format, Object... args) {
    return new InvalidValueException(String.format(format, args));
  }

  private static String appName(State s) {
    return s.app().map(Object::toString).orElse("no app");
  }

  private static List<Integer> missingSignatures(Transaction tx) {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < tx.signatures().size(); i++) {
      if (!tx.hasSignature(i)) {
        missing.add(i);
      }
    }
    return missing;
  }

  private static String describe(Transaction tx) {
    int signed = tx.signatures().size() - missingSignatures(tx).size();
    return "v" + tx.state().version() + (tx.state().isFinal() ? " final" : "") + " (" + signed + "/" + tx.signatures().size() + " sigs)";
  }
}
