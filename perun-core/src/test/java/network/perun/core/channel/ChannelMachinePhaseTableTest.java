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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import network.perun.api.Bytes;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation in every phase: the allowed ones reach the expected phase, the refused ones throw
 * {@link PhaseTransitionException} and leave the machine as it was.
 */
class ChannelMachinePhaseTableTest {
  private static final int OWN = 1;
  /** Shared by the 180 table cases: key generation is the slow part, and the machines are immutable anyway. */
  private static final ChannelFixture TABLE_FIXTURE = ChannelFixture.paymentApp(2);

  /** The operations of the machine, with the phases that allow them and where they lead (spec section 1.6). */
  enum Op {
    INIT("init", EnumSet.of(INIT_ACTING), INIT_SIGNING, false, false,
        (f, m) -> m.init(f.allocation(0), Bytes.EMPTY, f.app)),
    SIGN("sign", EnumSet.of(INIT_SIGNING, SIGNING, PROGRESSING), null, false, false,
        (f, m) -> m.sign(f.backend, f.accounts.get(OWN))),
    ADD_SIGNATURE("addSignature", EnumSet.of(INIT_SIGNING, SIGNING, PROGRESSING), null, false, false,
        (f, m) -> m.addSignature(f.backend, 0, f.signature(0, m.stagingState().orElse(f.state(0, false))))),
    ENABLE_INIT("enableInit", EnumSet.of(INIT_SIGNING), FUNDING, true, false, (f, m) -> m.enableInit()),
    SET_FUNDED("setFunded", EnumSet.of(FUNDING), ACTING, false, false, (f, m) -> m.setFunded()),
    UPDATE("update", EnumSet.of(ACTING), SIGNING, false, false,
        (f, m) -> m.update(f.next(m.current().map(Transaction::state).orElse(f.state(3, false))), 0, f.app)),
    DISCARD_UPDATE("discardUpdate", EnumSet.of(SIGNING), ACTING, false, false, (f, m) -> m.discardUpdate()),
    ENABLE_UPDATE("enableUpdate", EnumSet.of(SIGNING), ACTING, true, false, (f, m) -> m.enableUpdate()),
    ENABLE_FINAL("enableFinal", EnumSet.of(SIGNING), FINAL, true, true, (f, m) -> m.enableFinal()),
    SET_REGISTERING("setRegistering", EnumSet.of(FUNDING, ACTING, SIGNING, FINAL, REGISTERING), REGISTERING, false, false,
        (f, m) -> m.setRegistering()),
    SET_REGISTERED("setRegistered", EnumSet.of(FUNDING, ACTING, SIGNING, FINAL, REGISTERING, REGISTERED), REGISTERED, false, false,
        (f, m) -> m.setRegistered()),
    SET_PROGRESSING("setProgressing", EnumSet.of(REGISTERED, PROGRESSING, PROGRESSED), PROGRESSING, false, false,
        (f, m) -> m.setProgressing(f.next(m.current().map(Transaction::state).orElse(f.state(3, false))))),
    SET_PROGRESSED("setProgressed", EnumSet.of(REGISTERED, PROGRESSING, PROGRESSED), PROGRESSED, false, false,
        (f, m) -> m.setProgressed(f.signedBy(f.state(5, false), 1))),
    SET_WITHDRAWING("setWithdrawing", EnumSet.of(FINAL, REGISTERED, PROGRESSING, PROGRESSED, WITHDRAWING), WITHDRAWING, false, false,
        (f, m) -> m.setWithdrawing()),
    SET_WITHDRAWN("setWithdrawn", EnumSet.of(WITHDRAWING), WITHDRAWN, false, false, (f, m) -> m.setWithdrawn());

    final String method;
    final Set<Phase> allowedFrom;
    /** The target phase; null for "stays in the same phase". */
    final Phase target;
    final boolean needsSignedStaging;
    final boolean needsFinalStaging;
    final BiFunction<ChannelFixture, ChannelMachine, ChannelMachine> run;

    Op(String method, Set<Phase> allowedFrom, Phase target, boolean needsSignedStaging, boolean needsFinalStaging,
        BiFunction<ChannelFixture, ChannelMachine, ChannelMachine> run) {
      this.method = method;
      this.allowedFrom = allowedFrom;
      this.target = target;
      this.needsSignedStaging = needsSignedStaging;
      this.needsFinalStaging = needsFinalStaging;
      this.run = run;
    }
  }

  static Stream<Arguments> everyPhaseAndOperation() {
    List<Arguments> cases = new ArrayList<>();
    for (Phase p : Phase.values()) {
      for (Op op : Op.values()) {
        cases.add(Arguments.of(p, op));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("everyPhaseAndOperation")
  void operationIsAllowedExactlyInItsPhases(Phase phase, Op op) {
    ChannelFixture f = TABLE_FIXTURE;
    ChannelMachine m = f.machineIn(phase, OWN, op.needsSignedStaging, op.needsFinalStaging);
    ChannelMachine copy = ChannelMachine.of(m.id(), m.params(), m.ownIndex(), m.phase(), m.current(), m.staging());

    if (op.allowedFrom.contains(phase)) {
      ChannelMachine after = op.run.apply(f, m);
      assertEquals(op.target == null ? phase : op.target, after.phase(), op + " from " + phase);
      if (op.target != phase) {
        // Self-loops (a retried registration, a repeated withdrawal) may yield an equal machine; the rest must not.
        assertNotEquals(m, after, op + " from " + phase + " must produce a different machine");
      }
    } else {
      PhaseTransitionException e = assertThrows(PhaseTransitionException.class, () -> op.run.apply(f, m), op + " from " + phase);
      assertEquals(phase, e.phase());
      assertEquals(op.method, e.operation());
      assertEquals(f.id, e.channelId());
      assertTrue(e.getMessage().contains(f.id.shortHex()) && e.getMessage().contains(phase.name()) && e.getMessage().contains(op.method),
          "message must name channel, phase and operation: " + e.getMessage());
    }
    assertEquals(copy, m, "the original machine must be unchanged");
    assertEquals(phase, m.phase());
  }

  @Test
  void tableCoversEveryPhaseAndEveryPhaseHasAnExit() {
    // Every phase but WITHDRAWN allows at least one phase-changing operation: no phase is a trap.
    for (Phase p : Phase.values()) {
      boolean exit = false;
      for (Op op : Op.values()) {
        exit |= op.allowedFrom.contains(p) && op.target != null && op.target != p;
      }
      assertEquals(p != WITHDRAWN, exit, "phase " + p);
    }
  }

  @Test
  void leavingSigningForRegistrationDropsTheStagedUpdate() {
    ChannelFixture f = ChannelFixture.paymentApp(2);
    ChannelMachine signing = f.machineIn(SIGNING, OWN, false, false);
    for (ChannelMachine m : List.of(signing.setRegistering(), signing.setRegistered(), signing.setRegistering().setRegistered())) {
      assertEquals(Optional.empty(), m.staging());
      assertEquals(signing.current(), m.current(), "the registered state is the current one");
      assertEquals(3, m.version());
    }
  }

  @Test
  void withdrawingFromProgressingDropsTheStagedProgression() {
    ChannelFixture f = ChannelFixture.paymentApp(2);
    ChannelMachine progressing = f.machineIn(PROGRESSING, OWN, false, false);
    ChannelMachine withdrawing = progressing.setWithdrawing();
    assertEquals(Optional.empty(), withdrawing.staging());
    assertEquals(progressing.current(), withdrawing.current());
  }

  @Test
  void progressedForcesTheEventTransactionAsCurrent() {
    ChannelFixture f = ChannelFixture.paymentApp(2);
    Transaction onChain = f.signedBy(f.state(7, false), 0);
    ChannelMachine progressed = f.machineIn(PROGRESSING, OWN, false, false).setProgressed(onChain);
    assertEquals(Optional.of(onChain), progressed.current());
    assertEquals(Optional.empty(), progressed.staging());
    State next = f.next(onChain.state());
    ChannelMachine again = progressed.setProgressing(next);
    assertEquals(Optional.of(next), again.stagingState());
    assertEquals(8, again.stagingState().orElseThrow().version());
  }
}
