// SPDX-License-Identifier: Apache-2.0
package network.perun.core.channel;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.App;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.NoApp;
import network.perun.api.Params;
import network.perun.api.PaymentApp;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.codec.PerunIo;
import network.perun.core.channel.TestChannelBackend.TestAccount;

/**
 * A channel of {@code n} participants with deterministic Ed25519 accounts, two assets and helpers that build
 * machines in any phase, either by running the transitions or through {@link ChannelMachine#of}.
 *
 * <p>The state of version {@code v} gives participant 0 {@code 100 - v} and participant 1 {@code 100 + v} of
 * asset A, everyone else 100; everyone holds 50 of asset B. Every version therefore has the same sums.
 */
final class ChannelFixture {
  static final Asset ASSET_A = new Asset(0, Bytes.fromHex("0000000000000001"));
  static final Asset ASSET_B = new Asset(0, Bytes.fromHex("0000000000000002"));
  static final AppId PAYMENT_APP_ID = new AppId(Bytes.fromHex("00000000000000000000000000000000000000aa"));

  final TestChannelBackend backend = new TestChannelBackend();
  final List<TestAccount> accounts;
  final Params params;
  final ChannelId id;
  final App app;
  private final Map<List<Object>, Signature> signatures = new HashMap<>();

  private ChannelFixture(int n, App app) {
    List<TestAccount> accs = new ArrayList<>();
    List<Address> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TestAccount a = TestChannelBackend.account(1337 + i);
      accs.add(a);
      addresses.add(a.address());
    }
    this.accounts = List.copyOf(accs);
    this.app = app;
    this.params = Params.ledger(60, addresses, app.id(), BigInteger.valueOf(42 + n));
    this.id = backend.channelId(params);
  }

  /** A payment channel without app. */
  static ChannelFixture noApp(int n) {
    return new ChannelFixture(n, NoApp.INSTANCE);
  }

  /** A channel with the payment app. */
  static ChannelFixture paymentApp(int n) {
    return new ChannelFixture(n, new PaymentApp(PAYMENT_APP_ID));
  }

  int n() {
    return params.numParticipants();
  }

  Balances balances(long version) {
    List<BigInteger> a = new ArrayList<>(Collections.nCopies(n(), BigInteger.valueOf(100)));
    a.set(0, BigInteger.valueOf(100 - version));
    a.set(1, BigInteger.valueOf(100 + version));
    return Balances.of(List.of(a, Collections.nCopies(n(), BigInteger.valueOf(50))));
  }

  Allocation allocation(long version) {
    return Allocation.of(List.of(ASSET_A, ASSET_B), balances(version));
  }

  State state(long version, boolean isFinal) {
    return new State(id, version, allocation(version), params.app(), Bytes.EMPTY, isFinal);
  }

  /** The state after {@code from} in which participant 0 paid 1 of asset A to participant 1. */
  State next(State from) {
    return from.withBalances(from.balances().transfer(0, 0, 1, BigInteger.ONE)).withVersion(from.version() + 1);
  }

  /** Participant {@code index}'s signature of {@code s}; memoized, since Ed25519 signatures are deterministic. */
  Signature signature(int index, State s) {
    return signatures.computeIfAbsent(List.of(index, s), k -> accounts.get(index).sign(PerunIo.encodeState(s)));
  }

  Transaction signedBy(State s, int... indices) {
    Transaction tx = Transaction.unsigned(s);
    for (int i : indices) {
      tx = tx.withSignature(i, signature(i, s));
    }
    return tx;
  }

  Transaction fullySigned(State s) {
    Transaction tx = Transaction.unsigned(s);
    for (int i = 0; i < n(); i++) {
      tx = tx.withSignature(i, signature(i, s));
    }
    return tx;
  }

  ChannelMachine created(int own) {
    return ChannelMachine.create(id, params, own);
  }

  /** Adds every peer's signature of the staged state. */
  ChannelMachine withPeerSignatures(ChannelMachine m) {
    State staged = m.stagingState().orElseThrow();
    for (int i = 0; i < n(); i++) {
      if (i != m.ownIndex()) {
        m = m.addSignature(backend, i, signature(i, staged));
      }
    }
    return m;
  }

  /** A machine run through init, signing and funding to ACTING at version 0. */
  ChannelMachine opened(int own) {
    ChannelMachine m = created(own).init(allocation(0), Bytes.EMPTY, app).sign(backend, accounts.get(own));
    return withPeerSignatures(m).enableInit().setFunded();
  }

  /**
   * A machine in {@code phase} built with {@link ChannelMachine#of}, at version 3 where the phase allows it.
   *
   * @param stagedSigned whether a staged state carries every signature (else none)
   * @param stagedFinal whether a staged update (SIGNING, PROGRESSING) is final
   */
  ChannelMachine machineIn(Phase phase, int own, boolean stagedSigned, boolean stagedFinal) {
    Optional<Transaction> current;
    Optional<Transaction> staging = Optional.empty();
    switch (phase) {
      case INIT_ACTING -> current = Optional.empty();
      case INIT_SIGNING -> {
        current = Optional.empty();
        staging = Optional.of(staged(state(0, false), stagedSigned));
      }
      case FUNDING -> current = Optional.of(fullySigned(state(0, false)));
      case ACTING, REGISTERING, REGISTERED -> current = Optional.of(fullySigned(state(3, false)));
      case SIGNING, PROGRESSING -> {
        current = Optional.of(fullySigned(state(3, false)));
        staging = Optional.of(staged(state(4, stagedFinal), stagedSigned));
      }
      case FINAL, WITHDRAWING, WITHDRAWN -> current = Optional.of(fullySigned(state(3, true)));
      case PROGRESSED -> current = Optional.of(signedBy(state(4, false), 0));
      default -> throw new AssertionError("unknown phase " + phase);
    }
    return ChannelMachine.of(id, params, own, phase, current, staging);
  }

  private Transaction staged(State s, boolean signed) {
    return signed ? fullySigned(s) : Transaction.unsigned(s);
  }
}
