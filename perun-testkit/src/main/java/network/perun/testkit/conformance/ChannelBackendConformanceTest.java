// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.api.spi.Account;
import network.perun.api.spi.Backend;
import network.perun.api.spi.ChannelBackend;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance suite of a {@link ChannelBackend} (go-perun's {@code GenericBackendTest}): the channel ID
 * commits to every field of the params, and a state signature covers every field of the state.
 *
 * <p>Extend it with the two factories; every random value comes from {@link #SEED}, printed in each failure:
 *
 * <pre>{@code
 * class AcmeChannelBackendConformanceTest extends ChannelBackendConformanceTest {
 *   private final AcmeWallet wallet = AcmeWallet.fromSeed(7);
 *   protected Backend backend() { return new AcmeBackend(); }
 *   protected Account newAccount() { return wallet.newAccount(); }
 * }
 * }</pre>
 */
public abstract class ChannelBackendConformanceTest {
  /** The seed of every random value in this suite. */
  public static final long SEED = 1337;

  /** How many signatures the signature-size test makes. */
  private static final int MANY = 256;

  /** A field of {@link Params}; changing it must change the channel ID. */
  public enum ParamsField {
    CHALLENGE_DURATION,
    ALL_PARTICIPANTS,
    ONE_PARTICIPANT,
    PARTICIPANT_ORDER,
    NONCE,
    APP,
    LEDGER_AND_VIRTUAL_FLAGS,
    AUX
  }

  /** A field of {@link State}; changing it must invalidate the signature. */
  public enum StateField {
    CHANNEL_ID,
    VERSION,
    APP,
    ASSETS,
    BALANCES,
    LOCKED_ENTRIES,
    LOCKED_ID,
    LOCKED_BALANCE,
    LOCKED_INDEX_MAP,
    DATA,
    IS_FINAL
  }

  private ChannelBackend channels;
  private int backendId;
  private int signatureSize;
  private RandomValues rnd;

  /** The backend under test; called once before each test. */
  protected abstract Backend backend();

  /** A new account of the backend under test, a different one on each call. */
  protected abstract Account newAccount();

  /** A random asset the backend can sign; by default 8 random bytes under the backend's ID. */
  protected Asset randomAsset(RandomValues random) {
    return random.asset(backendId);
  }

  /** A random app ID the backend can sign; by default 20 random bytes. */
  protected AppId randomAppId(RandomValues random) {
    return random.appId();
  }

  /** Random aux bytes the backend accepts; by default {@link RandomValues#aux()} (zero half the time). */
  protected Bytes randomAux(RandomValues random) {
    return random.aux();
  }

  /**
   * The params fields the backend's channel ID cannot commit to because its chain has no place for them (the
   * Ethereum contracts have no aux); the suite skips their tests. None by default.
   */
  protected Set<ParamsField> paramsFieldsOutsideTheChannelId() {
    return Set.of();
  }

  /**
   * The state fields that the signature does not cover itself because the chain's state has no place for them,
   * bound instead through the channel ID (the Ethereum contracts take the app from the params); the suite skips
   * their tests. None by default.
   */
  protected Set<StateField> stateFieldsBoundOnlyThroughTheChannelId() {
    return Set.of();
  }

  @BeforeEach
  void createBackend() {
    Backend backend = backend();
    channels = backend.channelBackend();
    backendId = backend.backendId();
    signatureSize = backend.walletBackend().signatureSize();
    rnd = new RandomValues(SEED);
  }

  // ---- channel ID ----

  @Test
  public void channelIdIsDeterministic() {
    for (int i = 0; i < 8; i++) {
      Params params = params();
      Params copy = new Params(params.challengeDuration(), new ArrayList<>(params.participants()), params.app(), params.nonce(), params.ledger(),
          params.virtual(), Bytes.of(params.aux().toArray()));
      ChannelId id = channels.channelId(params);
      assertEquals(id, channels.channelId(params), seeded("channel ID of the same params twice"));
      assertEquals(id, channels.channelId(copy), seeded("channel ID of equal params"));
      assertEquals(id, backend().channelBackend().channelId(params), seeded("channel ID from another backend instance"));
      assertFalse(id.bytes().isZero(), seeded("channel ID is all zeros"));
    }
  }

  @ParameterizedTest
  @EnumSource(ParamsField.class)
  public void channelIdChangesWithEveryParamsField(ParamsField field) {
    assumeFalse(paramsFieldsOutsideTheChannelId().contains(field), "the backend's channel ID cannot commit to " + field);
    for (int i = 0; i < 4; i++) {
      Params params = params();
      ChannelId id = channels.channelId(params);
      for (Params changed : change(params, field)) {
        assertNotEquals(params, changed, seeded("the test failed to change " + field));
        assertNotEquals(id, channels.channelId(changed), () -> seeded("channel ID ignores " + field + ": " + params + " vs " + changed));
      }
    }
  }

  @Test
  public void paramsThatDifferOnlyInAuxHaveDifferentChannelIds() {
    assumeFalse(paramsFieldsOutsideTheChannelId().contains(ParamsField.AUX), "the backend's channel ID cannot commit to aux");
    Params params = params();
    Params zeroAux = withAux(params, Params.ZERO_AUX);
    byte[] aux = new byte[Params.ZERO_AUX.length()];
    aux[aux.length - 1] = 1;
    assertNotEquals(channels.channelId(zeroAux), channels.channelId(withAux(params, Bytes.wrap(aux))), seeded("channel ID ignores aux"));
  }

  // ---- state signatures ----

  @Test
  public void signThenVerifySucceeds() {
    Account alice = newAccount();
    Account bob = newAccount();
    for (int i = 0; i < 16; i++) {
      State state = state();
      Account signer = i % 2 == 0 ? alice : bob;
      Signature signature = channels.sign(signer, state);
      assertTrue(channels.verify(signer.address(), state, signature), seeded("signature of state " + i + " by " + signer.address() + " does not verify"));
    }
  }

  @Test
  public void verifyFailsForAnotherSigner() {
    Account alice = newAccount();
    Account bob = newAccount();
    State state = state();
    Signature signature = channels.sign(alice, state);
    assertFalse(channels.verify(bob.address(), state, signature), seeded("alice's signature verifies as bob's"));
  }

  @ParameterizedTest
  @EnumSource(StateField.class)
  public void verifyFailsWhenAnyStateFieldChanges(StateField field) {
    assumeFalse(stateFieldsBoundOnlyThroughTheChannelId().contains(field), "the backend binds " + field + " through the channel ID");
    Account signer = newAccount();
    for (int i = 0; i < 4; i++) {
      State state = state();
      Signature signature = channels.sign(signer, state);
      State changed = change(state, field);
      assertNotEquals(state, changed, seeded("the test failed to change " + field));
      assertFalse(channels.verify(signer.address(), changed, signature), () -> seeded("signature does not cover " + field + ": " + state + " vs " + changed));
      assertTrue(channels.verify(signer.address(), state, signature), seeded("signature of the unchanged state does not verify"));
    }
  }

  @Test
  public void everySignatureHasTheBackendsSignatureSize() {
    Account signer = newAccount();
    for (int i = 0; i < MANY; i++) {
      Signature signature = channels.sign(signer, state());
      assertEquals(signatureSize, signature.bytes().length(), seeded("size of signature " + i));
    }
  }

  // ---- fixtures ----

  private Params params() {
    int parts = rnd.parts();
    List<Address> participants = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      participants.add(newAccount().address());
    }
    Optional<AppId> app = rnd.chance(0.5) ? Optional.of(randomAppId(rnd)) : Optional.empty();
    return new Params(rnd.challengeDuration(), participants, app, rnd.unsignedBits(rnd.between(0, 256)), true, false, randomAux(rnd));
  }

  /** A random state with 1..2 locked entries, so every locked field can be changed. */
  private State state() {
    int parts = rnd.parts();
    int numAssets = rnd.assets();
    List<Asset> assets = new ArrayList<>(numAssets);
    for (int a = 0; a < numAssets; a++) {
      assets.add(randomAsset(rnd));
    }
    List<SubAlloc> locked = new ArrayList<>();
    for (int l = rnd.between(1, 2); l > 0; l--) {
      locked.add(rnd.subAlloc(numAssets, parts));
    }
    Allocation allocation = new Allocation(assets, rnd.balances(numAssets, parts), locked);
    Optional<AppId> app = rnd.chance(0.5) ? Optional.of(randomAppId(rnd)) : Optional.empty();
    Bytes data = app.isPresent() ? rnd.bytes(rnd.between(0, 16)) : Bytes.EMPTY;
    long version = rnd.chance(0.2) ? 0 : rnd.random().nextLong(0, 1L << 40);
    return new State(rnd.channelId(), version, allocation, app, data, rnd.chance(0.5));
  }

  private List<Params> change(Params p, ParamsField field) {
    return switch (field) {
      case CHALLENGE_DURATION -> List.of(
          new Params(p.challengeDuration() == Long.MAX_VALUE ? 1 : p.challengeDuration() + 1, p.participants(), p.app(), p.nonce(), p.ledger(), p.virtual(), p.aux()));
      case ALL_PARTICIPANTS -> {
        List<Address> others = new ArrayList<>();
        for (int i = 0; i < p.numParticipants(); i++) {
          others.add(newAccount().address());
        }
        yield List.of(withParticipants(p, others));
      }
      case ONE_PARTICIPANT -> {
        List<Params> variants = new ArrayList<>();
        for (int i = 0; i < p.numParticipants(); i++) {
          List<Address> others = new ArrayList<>(p.participants());
          others.set(i, newAccount().address());
          variants.add(withParticipants(p, others));
        }
        yield variants;
      }
      case PARTICIPANT_ORDER -> {
        List<Address> swapped = new ArrayList<>(p.participants());
        Collections.swap(swapped, 0, 1);
        List<Address> reversed = new ArrayList<>(p.participants());
        Collections.reverse(reversed);
        yield List.of(withParticipants(p, swapped), withParticipants(p, reversed));
      }
      case NONCE -> List.of(withNonce(p, p.nonce().flipBit(0)), withNonce(p, p.nonce().flipBit(255)));
      case APP -> p.app().isPresent()
          ? List.of(withApp(p, Optional.empty()), withApp(p, Optional.of(otherAppId(p.app().get()))))
          : List.of(withApp(p, Optional.of(randomAppId(rnd))));
      case LEDGER_AND_VIRTUAL_FLAGS -> List.of(
          new Params(p.challengeDuration(), p.participants(), p.app(), p.nonce(), false, false, p.aux()),
          new Params(p.challengeDuration(), p.participants(), p.app(), p.nonce(), false, true, p.aux()));
      case AUX -> List.of(withAux(p, flipBit(p.aux(), 0)), withAux(p, flipBit(p.aux(), p.aux().length() - 1)));
    };
  }

  private State change(State s, StateField field) {
    Allocation alloc = s.allocation();
    return switch (field) {
      case CHANNEL_ID -> new State(new ChannelId(flipBit(s.channelId().bytes(), rnd.between(0, ChannelId.LENGTH - 1))), s.version(), alloc, s.app(), s.data(), s.isFinal());
      case VERSION -> s.withVersion(s.version() ^ 1);
      case APP -> new State(s.channelId(), s.version(), alloc, s.app().isPresent() ? Optional.of(otherAppId(s.app().get())) : Optional.of(randomAppId(rnd)), s.data(), s.isFinal());
      case ASSETS -> {
        List<Asset> assets = new ArrayList<>(alloc.assets());
        int a = rnd.between(0, assets.size() - 1);
        Asset other = randomAsset(rnd);
        while (other.equals(assets.get(a))) {
          other = randomAsset(rnd);
        }
        assets.set(a, other);
        yield s.withAllocation(new Allocation(assets, alloc.balances(), alloc.locked()));
      }
      case BALANCES -> {
        int a = rnd.between(0, alloc.balances().numAssets() - 1);
        int p = rnd.between(0, alloc.numParticipants() - 1);
        yield s.withBalances(alloc.balances().with(a, p, alloc.balances().get(a, p).add(BigInteger.ONE)));
      }
      case LOCKED_ENTRIES -> s.withAllocation(new Allocation(alloc.assets(), alloc.balances(), alloc.locked().subList(0, alloc.locked().size() - 1)));
      case LOCKED_ID -> {
        SubAlloc sub = alloc.locked().get(0);
        yield withFirstLocked(s, new SubAlloc(new ChannelId(flipBit(sub.id().bytes(), 0)), sub.balances(), sub.indexMap()));
      }
      case LOCKED_BALANCE -> {
        SubAlloc sub = alloc.locked().get(0);
        List<BigInteger> balances = new ArrayList<>(sub.balances());
        balances.set(0, balances.get(0).add(BigInteger.ONE));
        yield withFirstLocked(s, new SubAlloc(sub.id(), balances, sub.indexMap()));
      }
      case LOCKED_INDEX_MAP -> {
        SubAlloc sub = alloc.locked().get(0);
        List<Integer> indexMap = new ArrayList<>(sub.indexMap());
        if (indexMap.isEmpty()) {
          for (int i = 0; i < alloc.numParticipants(); i++) {
            indexMap.add(alloc.numParticipants() - 1 - i);
          }
        } else {
          indexMap.set(0, indexMap.get(0) == 0 ? 1 : 0);
        }
        yield withFirstLocked(s, new SubAlloc(sub.id(), sub.balances(), indexMap));
      }
      case DATA -> s.data().isEmpty() ? s.withData(Bytes.wrap(new byte[] {1})) : s.withData(flipBit(s.data(), 0));
      case IS_FINAL -> s.withFinal(!s.isFinal());
    };
  }

  private AppId otherAppId(AppId app) {
    AppId other = randomAppId(rnd);
    while (other.equals(app)) {
      other = randomAppId(rnd);
    }
    return other;
  }

  private static State withFirstLocked(State s, SubAlloc sub) {
    List<SubAlloc> locked = new ArrayList<>(s.allocation().locked());
    locked.set(0, sub);
    return s.withAllocation(new Allocation(s.allocation().assets(), s.allocation().balances(), locked));
  }

  private static Params withParticipants(Params p, List<Address> participants) {
    return new Params(p.challengeDuration(), participants, p.app(), p.nonce(), p.ledger(), p.virtual(), p.aux());
  }

  private static Params withNonce(Params p, BigInteger nonce) {
    return new Params(p.challengeDuration(), p.participants(), p.app(), nonce, p.ledger(), p.virtual(), p.aux());
  }

  private static Params withApp(Params p, Optional<AppId> app) {
    return new Params(p.challengeDuration(), p.participants(), app, p.nonce(), p.ledger(), p.virtual(), p.aux());
  }

  private static Params withAux(Params p, Bytes aux) {
    return new Params(p.challengeDuration(), p.participants(), p.app(), p.nonce(), p.ledger(), p.virtual(), aux);
  }

  private static Bytes flipBit(Bytes bytes, int index) {
    byte[] b = bytes.toArray();
    b[index] ^= 1;
    return Bytes.wrap(b);
  }

  private static String seeded(String message) {
    return message + " (ChannelBackendConformanceTest seed " + SEED + ")";
  }
}
