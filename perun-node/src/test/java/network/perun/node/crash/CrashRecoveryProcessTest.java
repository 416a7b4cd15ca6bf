// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.node.chain.ChainService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery with real process deaths: Petra runs as a separate JVM ({@link CrashingParty}) on a LevelDB store
 * and is killed with SIGKILL ({@code ProcessHandle.destroyForcibly()}, which is {@code kill -9} on Linux) at seeded
 * random points during the opening, the updates (as proposer and as responder) and the settlement of a channel;
 * after each kill a new JVM restarts her on the same store, restores her channels and continues the
 * {@link CrashScript}. Robert runs in this JVM on a LevelDB store; both use TCP on loopback and one simulated chain,
 * which this JVM serves to Petra through a {@link ChainService}.
 *
 * <p>A crash point is a store write of a given kind (Petra stops just before it, or just after it is durable, and
 * is killed there: the instants around the write-ahead rule), a progress line plus a small delay, or a delay after
 * the restart ({@link CrashPoint}); each is aimed ahead of where Petra's channel is. Each run plans
 * {@value #CRASHES_PER_RUN} kills; runs continue until at least {@value #MIN_CRASHES} kills happened, and every stage
 * (open, update as proposer, update as responder, settlement) must have been hit. The next Petra JVM is started
 * ahead of time and warms up while the current one runs; it opens the store only after the test tells it to, once
 * the previous Petra is dead ({@link PetraLauncher}).
 *
 * <p>Invariants, checked for every run ({@link CrashRun}):
 *
 * <ul>
 *   <li>no fork: per channel and version, every fully signed state Petra made durable (in any incarnation) and
 *       every one Robert made durable is the same state;
 *   <li>nothing durable is lost: a restarted Petra finds each channel in her store at least at the version she had
 *       made durable, as the very state she wrote, and never one she had removed after withdrawing;
 *   <li>no fully signed state lost: a restarted Petra is at most one version behind what Robert held when she
 *       died, and only if that version was her own proposal (the sync then brings her up); a version she had
 *       accepted is never behind;
 *   <li>the channel ends WITHDRAWN on both sides, concluded on chain with the highest fully signed state either
 *       party ever held, which is final; each party's on-chain balance is the initial one minus the deposit plus
 *       its share in that state (so the sum is conserved); no channel of the run holds coins any more (deposits in
 *       channels abandoned during the opening were recovered), and neither store holds a signed channel.
 * </ul>
 *
 * <p>The seed of each run is printed; {@code -Dperun.crash.run=SEED} runs just that run again, and
 * {@code -Dperun.crash.seed=SEED} changes the base seed of the whole test (docs/crash-testing.md).
 */
class CrashRecoveryProcessTest {
  static final int CRASHES_PER_RUN = 10;
  static final int MIN_CRASHES = 50;
  private static final int MAX_RUNS = 12;
  private static final long BASE_SEED = Long.getLong("perun.crash.seed", 0x5EED_C4A5L);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  @Test
  void killedAtSeededPointsPetraRestoresAndTheChannelSettlesWithTheCorrectBalances() throws Exception {
    SimChain chain = new SimChain(new SimBackend().channelBackend(), new SimClock());
    Long only = Long.getLong("perun.crash.run");
    List<CrashRun.Result> results = new ArrayList<>();
    int crashes = 0;
    try (ChainService service = ChainService.start(chain, new SimBackend().walletBackend().signatureSize(),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CrashScript.TICK);
        PetraLauncher launcher = new PetraLauncher(service.url(), dir.resolve("processes"))) {
      SplittableRandom seeds = new SplittableRandom(BASE_SEED);
      for (int run = 0; only == null ? crashes < MIN_CRASHES : run < 1; run++) {
        assertTrue(run < MAX_RUNS, "only " + crashes + " kills in " + MAX_RUNS + " runs (base seed " + BASE_SEED + ")");
        long seed = only != null ? only : seeds.nextLong();
        System.out.println("crash test run " + run + ": seed " + seed);
        CrashRun.Result r = new CrashRun(service, launcher, seed, dir.resolve("run-" + run), CRASHES_PER_RUN).execute();
        results.add(r);
        System.out.print(r.log());
        crashes += r.crashes().size();
        System.out.printf("crash test run %d: seed %d, %d kills, settled version %d with balances %s, %.1f s%n", run, seed, r.crashes().size(),
            r.settled().version(), r.settled().balances(), r.took().toMillis() / 1000.0);
      }
    }
    Map<CrashRun.Stage, Integer> byStage = new EnumMap<>(CrashRun.Stage.class);
    for (CrashRun.Result r : results) {
      for (CrashRun.Crash c : r.crashes()) {
        byStage.merge(c.stage(), 1, Integer::sum);
      }
    }
    System.out.println("crash test: " + crashes + " kills in " + results.size() + " runs (base seed " + BASE_SEED + "), by stage: " + byStage);
    if (only == null) {
      for (CrashRun.Stage s : List.of(CrashRun.Stage.OPEN, CrashRun.Stage.UPDATE_AS_PROPOSER, CrashRun.Stage.UPDATE_AS_RESPONDER, CrashRun.Stage.SETTLEMENT)) {
        assertTrue(byStage.getOrDefault(s, 0) > 0, "no kill during " + s + ": " + byStage + " (base seed " + BASE_SEED + ")");
      }
    }
  }
}
