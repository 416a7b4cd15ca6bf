// SPDX-License-Identifier: Apache-2.0
package network.perun.benchmarks;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthChannelBackend;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.sim.SimAsset;
import network.perun.core.channel.ChannelMachine;
import network.perun.persistence.spi.PersistedChannel;

/**
 * The channel every benchmark works on: a two-party Ethereum-signed payment channel with one asset, as
 * {@code perun bench} opens it (Alice index 0, Bob index 1, deposits of 10^15 each, no app).
 */
final class Fixtures {
  static final BigInteger DEPOSIT = BigInteger.TEN.pow(15);
  static final EthChannelBackend ETH = new EthChannelBackend();
  static final EthAccount ALICE = new EthWallet().addPrivateKey(sha256("perun bench alice"));
  static final EthAccount BOB = new EthWallet().addPrivateKey(sha256("perun bench bob"));
  static final Params PARAMS = Params.ledger(3600, List.of(ALICE.address(), BOB.address()), Optional.empty(), BigInteger.valueOf(42));
  static final ChannelId ID = ETH.channelId(PARAMS);
  static final WireAddress ALICE_WIRE = new WireAddress(0, Bytes.wrap(sha256("alice wire")));
  static final WireAddress BOB_WIRE = new WireAddress(0, Bytes.wrap(sha256("bob wire")));

  private Fixtures() {}

  /** The state of {@code version}: Alice has paid Bob {@code version} units. */
  static State state(long version) {
    BigInteger paid = BigInteger.valueOf(version);
    Allocation alloc = Allocation.of(List.of(SimAsset.of(1)), Balances.ofSingleAsset(DEPOSIT.subtract(paid), DEPOSIT.add(paid)));
    return new State(ID, version, alloc, Optional.empty(), Bytes.EMPTY, false);
  }

  /** {@code state(version)} signed by both. */
  static Transaction signed(long version) {
    State s = state(version);
    return Transaction.unsigned(s).withSignature(0, ETH.sign(ALICE, s)).withSignature(1, ETH.sign(BOB, s));
  }

  /** Alice's machine in ACTING at {@code version}. */
  static ChannelMachine acting(long version) {
    return ChannelMachine.of(ID, PARAMS, 0, Phase.ACTING, Optional.of(signed(version)), Optional.empty());
  }

  /** Alice's channel as the client persists it after an update: ACTING at {@code current}, nothing staged. */
  static PersistedChannel persisted(ChannelId id, Params params, Transaction current) {
    return new PersistedChannel(id, params, 0, Phase.ACTING, Optional.of(current), Optional.empty(), List.of(ALICE_WIRE, BOB_WIRE), Optional.empty());
  }

  static byte[] sha256(String label) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
