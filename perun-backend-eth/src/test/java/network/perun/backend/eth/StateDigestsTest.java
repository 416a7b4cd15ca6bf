// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import org.junit.jupiter.api.Test;

/** The digest cache of {@link EthChannelBackend}: a hit only for the very same state instance, never a stale one. */
class StateDigestsTest {
  private final EthWallet wallet = new EthWallet();
  private final TestKeys keys = new TestKeys(11);
  private final EthAccount alice = keys.addTo(wallet);
  private final EthAccount bob = keys.addTo(wallet);
  private final Params params = Params.ledger(60, List.of(alice.address(), bob.address()), Optional.empty(), BigInteger.TWO);
  private final ChannelId id = PerunAbi.channelId(params);

  private State state(long version) {
    Allocation alloc = Allocation.of(List.of(new EthAsset(BigInteger.ONE, EthAddress.of(new byte[20])).toAsset()),
        Balances.ofSingleAsset(BigInteger.valueOf(100 - version), BigInteger.valueOf(version)));
    return new State(id, version, alloc, Optional.empty(), Bytes.EMPTY, false);
  }

  @Test
  void theDigestIsThatOfTheEncodedStateAndIsComputedOncePerInstance() {
    StateDigests digests = new StateDigests();
    State s = state(3);
    byte[] first = digests.of(s);
    assertArrayEquals(EthSignatures.digest(PerunAbi.encode(s)), first);
    assertSame(first, digests.of(s), "the same instance again is a cache hit");
  }

  @Test
  void anEqualButDistinctInstanceIsHashedOnItsOwn() {
    StateDigests digests = new StateDigests();
    State s = state(3);
    State equal = state(3);
    byte[] a = digests.of(s);
    byte[] b = digests.of(equal);
    assertArrayEquals(a, b);
    assertFalse(a == b, "an equal instance must not share the cached array: identity, not equality, is the key");
  }

  @Test
  void cachedSignaturesAreTheUncachedOnes() {
    EthChannelBackend backend = new EthChannelBackend();
    State s = state(5);
    Signature cached = backend.sign(alice, s);
    assertEquals(alice.sign(PerunAbi.encode(s)), cached, "the backend's signature equals the account's signature of abi.encode(state)");
    assertTrue(backend.verify(alice.address(), s, cached));
    assertTrue(backend.verify(alice.address(), state(5), cached), "an equal new instance verifies too");
  }

  @Test
  void aSignatureOfACachedStateDoesNotVerifyAnotherState() {
    EthChannelBackend backend = new EthChannelBackend();
    State s = state(5);
    Signature sig = backend.sign(alice, s);
    assertTrue(backend.verify(alice.address(), s, sig));
    assertFalse(backend.verify(alice.address(), state(6), sig), "version 6 with version 5's signature");
    assertFalse(backend.verify(bob.address(), s, sig), "Alice's signature in Bob's name");
  }

  @Test
  void statesPushedOutOfTheCacheStillVerify() {
    EthChannelBackend backend = new EthChannelBackend();
    State first = state(1);
    Signature sig = backend.sign(alice, first);
    for (int v = 2; v < 2 + 2 * StateDigests.SLOTS; v++) {
      backend.verify(alice.address(), state(v % 100), sig);
    }
    assertTrue(backend.verify(alice.address(), first, sig));
  }
}
