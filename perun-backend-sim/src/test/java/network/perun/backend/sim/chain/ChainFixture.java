// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.App;
import network.perun.api.AppId;
import network.perun.api.AppRegistry;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.StateTransitionException;
import network.perun.api.SubAlloc;
import network.perun.api.Transaction;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.spi.AdjudicatorRequest;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimAsset;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.SimChannelBackend;
import network.perun.backend.sim.SimWallet;
import org.junit.jupiter.api.function.Executable;

/**
 * A simulated chain with two (or three) funded sim accounts, two assets, a test app and helpers to build and sign
 * channels, plus the "refused and changed nothing" assertion.
 */
final class ChainFixture {
  static final long START = 1_000;
  static final long D = 60;
  static final Asset ETH = SimAsset.of(1);
  static final Asset TOKEN = SimAsset.of(2);
  static final AppId TEST_APP_ID = new AppId(Bytes.fromHex("a99a".repeat(16)));
  /** App data the {@link TestApp} refuses to move to. */
  static final Bytes FORBIDDEN = Bytes.fromHex("ff");

  final SimChannelBackend backend = new SimBackend().channelBackend();
  final SimWallet wallet = SimWallet.fromSeed(0x5eed_c4a1L);
  final SimAccount alice = wallet.newAccount();
  final SimAccount bob = wallet.newAccount();
  final SimAccount carol = wallet.newAccount();
  final SimClock clock = new SimClock(START);
  final AppRegistry apps = new AppRegistry().register(new TestApp());
  final SimChain chain = new SimChain(backend, clock, apps);
  private final Set<ChannelId> channels = new LinkedHashSet<>();
  private long nonce;

  ChainFixture() {
    for (SimAccount a : List.of(alice, bob, carol)) {
      chain.mint(a.address(), ETH, BigInteger.valueOf(1_000));
      chain.mint(a.address(), TOKEN, BigInteger.valueOf(1_000));
    }
  }

  List<Address> parts() {
    return List.of(alice.address(), bob.address());
  }

  /** A fresh ledger channel of alice and bob with duration {@link #D}. */
  Params params(boolean withApp) {
    return params(D, parts(), withApp, true, false);
  }

  Params params(long duration, List<Address> participants, boolean withApp, boolean ledger, boolean virtual) {
    Params p = new Params(duration, participants, withApp ? Optional.of(TEST_APP_ID) : Optional.empty(), BigInteger.valueOf(++nonce), ledger, virtual, Params.ZERO_AUX);
    channels.add(backend.channelId(p));
    return p;
  }

  ChannelId id(Params p) {
    return backend.channelId(p);
  }

  static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }

  static Balances bals(long... perParticipant) {
    return Balances.ofSingleAsset(Arrays.stream(perParticipant).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new));
  }

  /** A state of {@code p} with ETH balances {@code perParticipant}. */
  State state(Params p, long version, long... perParticipant) {
    return new State(id(p), version, Allocation.of(List.of(ETH), bals(perParticipant)), p.app(), Bytes.EMPTY, false);
  }

  List<SimAccount> accounts(Params p) {
    List<SimAccount> out = new ArrayList<>();
    for (Address a : p.participants()) {
      out.add(wallet.account(a));
    }
    return out;
  }

  List<Signature> sigs(Params p, State s) {
    List<Signature> out = new ArrayList<>();
    for (SimAccount a : accounts(p)) {
      out.add(backend.sign(a, s));
    }
    return out;
  }

  SignedState signed(Params p, State s) {
    return new SignedState(p, s, sigs(p, s));
  }

  Transaction tx(Params p, State s) {
    Transaction t = Transaction.unsigned(s);
    List<Signature> sigs = sigs(p, s);
    for (int i = 0; i < sigs.size(); i++) {
      t = t.withSignature(i, sigs.get(i));
    }
    return t;
  }

  AdjudicatorRequest request(Params p, State s, int ownIndex, boolean secondary) {
    return new AdjudicatorRequest(id(p), p, accounts(p).get(ownIndex), tx(p, s), ownIndex, secondary);
  }

  void register(Params p, State s) {
    chain.register(alice.address(), signed(p, s), List.of());
  }

  /** Deposits every participant's ETH balance of {@code s}. */
  void fund(Params p, State s) {
    for (int i = 0; i < p.numParticipants(); i++) {
      BigInteger amount = s.balances().get(0, i);
      chain.deposit(p.participants().get(i), id(p), p.participants().get(i), ETH, amount);
    }
  }

  /** A sub-allocation of {@code child}'s accumulated ETH outcome with an empty index map. */
  static SubAlloc lock(ChannelId child, long total) {
    return new SubAlloc(child, List.of(big(total)), List.of());
  }

  /** Asserts that {@code op} is refused with {@code reason} and that the chain is unchanged afterwards. */
  void assertRefused(String reason, Executable op) {
    Snapshot before = snapshot();
    AdjudicatorException e = assertThrows(AdjudicatorException.class, op);
    assertEquals(reason, e.getMessage());
    assertEquals(before, snapshot(), "a refused operation changed the chain");
  }

  /** Everything observable about the fixture's channels and accounts. */
  record Snapshot(List<SimTransaction> transactions, Map<String, Object> state) {}

  Snapshot snapshot() {
    Map<String, Object> state = new LinkedHashMap<>();
    List<Address> accounts = List.of(alice.address(), bob.address(), carol.address());
    for (Asset asset : List.of(ETH, TOKEN)) {
      for (Address a : accounts) {
        state.put("balance " + a + " " + asset, chain.balanceOf(a, asset));
      }
      for (ChannelId c : channels) {
        state.put("settled " + c + " " + asset, chain.isSettled(c, asset));
        for (Address a : accounts) {
          state.put("holdings " + c + " " + a + " " + asset, chain.holdings(c, a, asset));
        }
      }
    }
    for (ChannelId c : channels) {
      state.put("dispute " + c, chain.dispute(c));
      state.put("events " + c, chain.events(c));
    }
    return new Snapshot(chain.transactions(), state);
  }

  /** An app that allows every move except one to the {@link #FORBIDDEN} data. */
  static final class TestApp implements App {
    @Override
    public Optional<AppId> id() {
      return Optional.of(TEST_APP_ID);
    }

    @Override
    public void validTransition(Params params, State from, State to, int actorIndex) {
      if (to.data().equals(FORBIDDEN)) {
        throw new StateTransitionException("test app: forbidden move by " + actorIndex);
      }
    }

    @Override
    public void validInit(Params params, State state) {}
  }
}
