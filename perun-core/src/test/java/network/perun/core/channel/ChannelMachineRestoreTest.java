// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import network.perun.api.InvalidValueException;
import network.perun.api.Phase;
import network.perun.api.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ChannelMachine#of} (restoring a persisted machine) checks every invariant; plus the read methods. */
class ChannelMachineRestoreTest {
  private final ChannelFixture f = ChannelFixture.noApp(2);
  private final Optional<Transaction> v3 = Optional.of(f.fullySigned(f.state(3, false)));
  private final Optional<Transaction> v4Unsigned = Optional.of(Transaction.unsigned(f.state(4, false)));

  private void inconsistent(Phase phase, Optional<Transaction> current, Optional<Transaction> staging, String expected) {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> ChannelMachine.of(f.id, f.params, 0, phase, current, staging));
    assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void everyPhaseHasAConsistentShapeThatRoundTrips(Phase phase) {
    ChannelMachine m = f.machineIn(phase, 1, false, false);
    assertEquals(m, ChannelMachine.of(m.id(), m.params(), m.ownIndex(), m.phase(), m.current(), m.staging()));
  }

  @Test
  void currentIsPresentExactlyFromFundingOn() {
    inconsistent(Phase.INIT_ACTING, v3, Optional.empty(), "in phase INIT_ACTING must not have a current transaction");
    inconsistent(Phase.ACTING, Optional.empty(), Optional.empty(), "in phase ACTING must have a current transaction");
  }

  @Test
  void stagingIsPresentExactlyWhileSigning() {
    inconsistent(Phase.SIGNING, v3, Optional.empty(), "in phase SIGNING must have a staged transaction");
    inconsistent(Phase.ACTING, v3, v4Unsigned, "in phase ACTING must not have a staged transaction");
    inconsistent(Phase.REGISTERED, v3, v4Unsigned, "must not have a staged transaction");
  }

  @Test
  void versionsMustFit() {
    inconsistent(Phase.SIGNING, v3, Optional.of(Transaction.unsigned(f.state(6, false))), "staged version must be 3 + 1, got 6");
    inconsistent(Phase.INIT_SIGNING, Optional.empty(), v4Unsigned, "staged state must be version 0 and not final, got version 4");
    inconsistent(Phase.FUNDING, v3, Optional.empty(), "current version must be 0, got 3");
  }

  @Test
  void finalityMustMatchThePhase() {
    Optional<Transaction> fin = Optional.of(f.fullySigned(f.state(3, true)));
    inconsistent(Phase.ACTING, fin, Optional.empty(), "current version 3 must not be final");
    inconsistent(Phase.FINAL, v3, Optional.empty(), "current version 3 must be final");
  }

  @Test
  void currentMustBeFullySignedUntilRegistered() {
    Optional<Transaction> half = Optional.of(f.signedBy(f.state(3, false), 0));
    inconsistent(Phase.ACTING, half, Optional.empty(), "current version 3 lacks the signatures of participants [1]");
    inconsistent(Phase.REGISTERED, half, Optional.empty(), "lacks the signatures of participants [1]");
    // After an on-chain progression the current state may carry only the actor's signature.
    assertEquals(Phase.PROGRESSED, ChannelMachine.of(f.id, f.params, 0, Phase.PROGRESSED, half, Optional.empty()).phase());
  }

  @Test
  void statesMustBelongToTheChannel() {
    ChannelFixture other = ChannelFixture.noApp(3);
    inconsistent(Phase.ACTING, Optional.of(other.fullySigned(other.state(3, false))), Optional.empty(), "current state belongs to channel");
    ChannelFixture app = ChannelFixture.paymentApp(2);
    Optional<Transaction> appState = Optional.of(f.fullySigned(app.state(3, false).withAllocation(f.allocation(3))));
    assertThrows(InvalidValueException.class, () -> ChannelMachine.of(app.id, f.params, 0, Phase.ACTING, appState, Optional.empty()));
  }

  @Test
  void ownIndexMustBeAParticipant() {
    assertThrows(InvalidValueException.class, () -> ChannelMachine.of(f.id, f.params, 2, Phase.ACTING, v3, Optional.empty()));
  }

  @Test
  void readMethods() {
    ChannelMachine init = f.created(0);
    PhaseTransitionException e = assertThrows(PhaseTransitionException.class, init::state);
    assertTrue(e.getMessage().contains("cannot read the current state in phase INIT_ACTING"), e.getMessage());
    assertThrows(PhaseTransitionException.class, init::version);
    assertFalse(init.isFinal());
    assertEquals(Optional.empty(), init.stagingState());

    ChannelMachine signing = f.machineIn(Phase.SIGNING, 1, false, true);
    assertEquals(3, signing.version());
    assertFalse(signing.isFinal(), "a staged final state does not make the channel final");
    assertEquals(4, signing.stagingState().orElseThrow().version());
    assertEquals(2, signing.numParticipants());
    assertEquals(f.accounts.get(1).address(), signing.ownAddress());
    assertEquals("ChannelMachine[" + f.id.shortHex() + ", idx 1/2, SIGNING, current v3 (2/2 sigs), staging v4 final (0/2 sigs)]", signing.toString());
    assertTrue(f.machineIn(Phase.FINAL, 0, false, false).isFinal());
  }
}
