// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import network.perun.api.Bytes;
import network.perun.api.InvalidValueException;
import network.perun.api.State;
import network.perun.api.codec.PerunIo;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimWallet;
import network.perun.wire.tcp.Ed25519WireIdentity;

/**
 * The script of the crash test, shared by the test process (Robert) and the crashing process (Petra): who
 * proposes which version, how much each update pays, the chain parameters, and the keys derived from a run's
 * seed.
 *
 * <p>Petra (participant 0) opens a channel with {@link #DEPOSIT} on each side. Versions 1 to {@link #TARGET} are
 * payments: Petra proposes those that are not multiples of 3 (she pays Robert), Robert proposes the multiples of 3
 * (he pays Petra). Petra then proposes version {@link #TARGET} + 1 as the final state, and both settle. Every step
 * is decided from the channel's current version, so a restarted Petra continues where her restored channel is.
 */
final class CrashScript {
  /** The last payment version; the final state is the next one. */
  static final long TARGET = 12;
  static final BigInteger DEPOSIT = BigInteger.valueOf(100);
  /** What each party holds on chain at the start of a run (fresh accounts per run). */
  static final BigInteger MINT = BigInteger.valueOf(1000);
  /** Challenge duration in chain seconds (only a recovery by dispute waits for it). */
  static final long CHALLENGE = 20;
  /**
   * Funding timeout in chain seconds (30 s of real time): longer than two restarts of Petra on a loaded machine,
   * since Robert's funding must outlast them. It is also how long Robert waits before he recovers a deposit in a
   * channel that Petra dropped (she died after her signature on the initial state left, before it was durable).
   */
  static final long FUNDING_TIMEOUT = 3000;
  /** The chain clock advances one second per tick of real time. */
  static final Duration TICK = Duration.ofMillis(10);
  /** How long Petra waits for Robert's signature on an update. */
  static final Duration UPDATE_TIMEOUT = Duration.ofMillis(1500);
  /**
   * How long Robert waits for Petra's signature on an update: short, since a proposal sent to a Petra who then died
   * is lost, and her next life waits for his next attempt. A timeout that was too short only costs a retry.
   */
  static final Duration ROBERT_UPDATE_TIMEOUT = Duration.ofMillis(800);
  /** How long Petra waits for Robert's answer to her proposal and his signature on the initial state. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(20);
  /**
   * How long Robert waits for Petra's signature on the initial state: long enough for her next life to send it
   * (through the sync of a channel restored in FUNDING) if she died before it left.
   */
  static final Duration ROBERT_OPEN_TIMEOUT = Duration.ofSeconds(30);
  static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);

  private CrashScript() {}

  /** Whether Petra proposes {@code version} (payments not divisible by 3, and the final state). */
  static boolean petraProposes(long version) {
    return version % 3 != 0 || version > TARGET;
  }

  /**
   * Petra's payment in {@code version}: 1 to 5, different per incarnation, so that a re-proposed version after a
   * crash differs from the lost proposal and a fork would show.
   */
  static BigInteger petraAmount(long runSeed, int incarnation, long version) {
    return BigInteger.valueOf(new SplittableRandom(runSeed ^ (31L * incarnation + 1) * 0x9E3779B97F4A7C15L ^ version).nextInt(1, 6));
  }

  /**
   * {@code mutator}, applied only to the state before {@code version};
   * otherwise the update is refused. The state an update starts from may have moved on (a sync adopted the peer's
   * newer version) since the caller chose {@code version}: each party proposes only its own versions.
   */
  static UnaryOperator<State> onlyVersion(long version, UnaryOperator<State> mutator) {
    return st -> {
      if (st.version() + 1 != version) {
        throw new InvalidValueException("the script proposes version " + version + " but the channel is at version " + st.version());
      }
      return mutator.apply(st);
    };
  }

  /** Moves {@code amount} from participant {@code from} to {@code to}. */
  static UnaryOperator<State> pay(int from, int to, BigInteger amount) {
    return s -> s.withBalances(s.balances().transfer(0, from, to, amount));
  }

  /** Petra's on-chain account for {@code runSeed}. */
  static SimAccount petraAccount(long runSeed) {
    return SimWallet.fromSeed(runSeed).newAccount();
  }

  /** Robert's on-chain account for {@code runSeed}. */
  static SimAccount robertAccount(long runSeed) {
    return SimWallet.fromSeed(~runSeed).newAccount();
  }

  /** Petra's wire identity for {@code runSeed}. */
  static Ed25519WireIdentity petraWireIdentity(long runSeed) {
    return Ed25519WireIdentity.fromSeed(Bytes.wrap(sha256("petra-wire-" + runSeed)));
  }

  /** Robert's wire identity for {@code runSeed}. */
  static Ed25519WireIdentity robertWireIdentity(long runSeed) {
    return Ed25519WireIdentity.fromSeed(Bytes.wrap(sha256("robert-wire-" + runSeed)));
  }

  /** A short fingerprint of a state (the first 8 bytes of SHA-256 of its perunio encoding), to compare histories. */
  static String digest(State state) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(PerunIo.encodeState(state));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
