// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import network.perun.api.Bytes;
import network.perun.api.InvalidSignatureException;
import network.perun.api.InvalidValueException;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Signing the staged state and adding peers' signatures: every refusal, and what a refusal leaves behind. */
class ChannelMachineSignatureTest {
  private static final long SEED = 0x5EED_51C5L;

  private final ChannelFixture f = ChannelFixture.noApp(3);
  /** Participant 1 in SIGNING: version 4 staged, no signature yet. */
  private final ChannelMachine signing = f.machineIn(Phase.SIGNING, 1, false, false);
  private final State staged = signing.stagingState().orElseThrow();

  private void refused(Executable e, String expectedMessagePart) {
    InvalidSignatureException ex = assertThrows(InvalidSignatureException.class, e);
    assertTrue(ex.getMessage().contains(expectedMessagePart), "expected \"" + expectedMessagePart + "\" in: " + ex.getMessage());
    assertTrue(ex.getMessage().contains(f.id.shortHex()), "message must name the channel: " + ex.getMessage());
  }

  @Test
  void testBackendReallyVerifies() {
    // The fake backend must reject what a real one rejects, or the refusals below would prove nothing.
    Signature sig = f.signature(0, staged);
    assertTrue(f.backend.verify(f.accounts.get(0).address(), staged, sig));
    assertFalse(f.backend.verify(f.accounts.get(1).address(), staged, sig), "wrong signer");
    assertFalse(f.backend.verify(f.accounts.get(0).address(), staged.withVersion(5), sig), "other state");
    assertFalse(f.backend.verify(f.accounts.get(0).address(), staged, Signature.of(new byte[3])), "malformed");
  }

  @Test
  void signPutsAVerifiableSignatureInTheOwnSlot() {
    ChannelMachine signed = signing.sign(f.backend, f.accounts.get(1));
    Signature sig = signed.ownStagingSignature().orElseThrow();
    assertEquals(Optional.of(sig), signed.staging().orElseThrow().signatures().get(1));
    assertTrue(f.backend.verify(f.accounts.get(1).address(), staged, sig));
    assertFalse(signed.staging().orElseThrow().hasSignature(0));
    assertFalse(signed.staging().orElseThrow().hasSignature(2));
    assertEquals(Optional.empty(), signing.ownStagingSignature(), "the old machine is unchanged");
  }

  @Test
  void signingTwiceReturnsTheSameSignatureWithoutSigningAgain() {
    ChannelMachine once = signing.sign(f.backend, f.accounts.get(1));
    int calls = f.backend.signCalls();
    ChannelMachine twice = once.sign(f.backend, f.accounts.get(1));
    assertSame(once, twice);
    assertEquals(calls, f.backend.signCalls(), "no second signature may be computed");
  }

  @Test
  void signRefusesAnotherParticipantsAccount() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> signing.sign(f.backend, f.accounts.get(0)));
    assertTrue(e.getMessage().contains("cannot sign for participant 1"), e.getMessage());
    assertEquals(0, f.backend.signCalls());
  }

  @Test
  void addSignatureAcceptsAValidPeerSignature() {
    ChannelMachine m = signing.addSignature(f.backend, 2, f.signature(2, staged));
    assertTrue(m.staging().orElseThrow().hasSignature(2));
    assertFalse(signing.staging().orElseThrow().hasSignature(2), "the old machine is unchanged");
  }

  @Test
  void addSignatureRefusesAnIndexOutOfRange() {
    Signature sig = f.signature(0, staged);
    refused(() -> signing.addSignature(f.backend, 3, sig), "signature index 3 is not a participant (0..2) of version 4");
    refused(() -> signing.addSignature(f.backend, -1, sig), "signature index -1 is not a participant (0..2) of version 4");
  }

  @Test
  void addSignatureRefusesTheOwnIndex() {
    refused(() -> signing.addSignature(f.backend, 1, f.signature(1, staged)), "signature index 1 of version 4 is our own index");
  }

  @Test
  void addSignatureRefusesADuplicate() {
    Signature sig = f.signature(0, staged);
    ChannelMachine once = signing.addSignature(f.backend, 0, sig);
    refused(() -> once.addSignature(f.backend, 0, sig), "participant 0 has already signed version 4");
    assertEquals(Optional.of(sig), once.staging().orElseThrow().signatures().get(0));
  }

  @Test
  void addSignatureRefusesAForgedSignature() {
    Random random = new Random(SEED);
    byte[] forged = new byte[64];
    random.nextBytes(forged);
    refused(() -> signing.addSignature(f.backend, 0, Signature.of(forged)),
        "signature of participant 0 (" + f.accounts.get(0).address() + ") does not verify for version 4");
  }

  @Test
  void addSignatureRefusesAnotherParticipantsSignature() {
    // Participant 2's valid signature presented as participant 0's.
    refused(() -> signing.addSignature(f.backend, 0, f.signature(2, staged)), "signature of participant 0");
  }

  @Test
  void addSignatureRefusesASignatureOfAnotherState() {
    refused(() -> signing.addSignature(f.backend, 0, f.signature(0, staged.withFinal(true))), "does not verify for version 4");
    refused(() -> signing.addSignature(f.backend, 0, f.signature(0, f.state(4, false).withData(Bytes.of(new byte[] {1})))),
        "does not verify for version 4");
    // The signature of the current (version 3) state is not one of version 4.
    refused(() -> signing.addSignature(f.backend, 0, f.signature(0, signing.state())), "does not verify for version 4");
  }

  @Test
  void enablingNeedsEverySignatureIncludingOurOwn() {
    ChannelMachine peersOnly = f.withPeerSignatures(signing);
    PhaseTransitionException e = assertThrows(PhaseTransitionException.class, peersOnly::enableUpdate);
    assertTrue(e.getMessage().contains("staged version 4 lacks the signatures of participants [1]"), e.getMessage());
    ChannelMachine all = peersOnly.sign(f.backend, f.accounts.get(1));
    ChannelMachine acting = all.enableUpdate();
    assertEquals(Phase.ACTING, acting.phase());
    assertEquals(staged, acting.state());
    assertTrue(acting.current().orElseThrow().isFullySigned());
  }
}
