// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import network.perun.api.Address;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.WireAddress;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.SimWallet;
import network.perun.backend.sim.chain.Dispute;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimFunder;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelFundingException;
import network.perun.core.client.Client;
import network.perun.core.client.IncomingProposal;
import network.perun.core.client.ProposalResponder;
import network.perun.core.client.UpdateHandler;
import network.perun.node.chain.ChainService;
import network.perun.node.chain.EmbeddedSimChain;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.ChannelStore;
import network.perun.persistence.spi.Durability;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.tcp.Ed25519WireVerifier;
import network.perun.wire.tcp.TcpTransport;

/**
 * One seeded run of the crash test: Robert (a client in this JVM) and Petra (a {@link CrashingParty} process that
 * is killed at the run's {@link CrashPoint crash points} and restarted on her store) open a channel, pay both ways,
 * finalize and settle on the shared simulated chain. The run records every fully signed state each party held and
 * checks the invariants listed in {@link CrashRecoveryProcessTest}.
 */
final class CrashRun {
  /** Where the crash test is in the channel's life when it kills Petra. */
  enum Stage {
    OPEN, UPDATE_AS_PROPOSER, UPDATE_AS_RESPONDER, SETTLEMENT, RESTORE
  }

  /** One kill: the incarnation, its crash point, and the stage it hit. */
  record Crash(int incarnation, CrashPoint point, Stage stage, String lastLine) {}

  /** What a finished run reports; {@code log} says what happened, line by line. */
  record Result(long seed, List<Crash> crashes, State settled, Duration took, String log) {}

  /** Only a run that is stuck takes this long, even on a machine whose JVMs take seconds to start. */
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(5);
  private static final Set<Phase> SETTLING = EnumSet.of(Phase.REGISTERING, Phase.REGISTERED, Phase.PROGRESSING, Phase.PROGRESSED, Phase.WITHDRAWING);

  private final SimChain chain;
  private final ChainService service;
  private final PetraLauncher launcher;
  private final long seed;
  private final Path dir;
  private final int crashesPlanned;
  /** Draws the crash points; Robert's payments draw from their own source, so the plan does not depend on timing. */
  private final Random planRandom;
  private final Random robertRandom;
  private final int signatureSize = new SimBackend().walletBackend().signatureSize();
  private final SimAccount petra;
  private final SimAccount robert;

  /** Every violation of an invariant, with its context. */
  private final List<String> violations = new CopyOnWriteArrayList<>();
  /** Per channel and version, the digest of the fully signed state each party held. */
  private final Map<ChannelId, Map<Long, String>> robertHistory = new ConcurrentHashMap<>();
  private final Map<ChannelId, Map<Long, String>> petraHistory = new ConcurrentHashMap<>();
  /** Per channel, the highest version Petra reported durable, the channels she removed, and her last written phase. */
  private final Map<ChannelId, Long> petraDurable = new LinkedHashMap<>();
  private final Set<ChannelId> petraRemoved = new LinkedHashSet<>();
  private final Map<ChannelId, String> petraLastPhase = new LinkedHashMap<>();
  /** Petra's latest store write of her latest signed channel, to aim the next crash point ahead of it. */
  private CrashPoint.Progress progress = CrashPoint.Progress.NONE;
  private ChannelId progressChannel;
  private final List<CompletableFuture<Void>> robertTasks = new CopyOnWriteArrayList<>();
  private final Semaphore robertWrote = new Semaphore(0);
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean stopping;
  private final StringBuilder log = new StringBuilder();

  CrashRun(ChainService service, PetraLauncher launcher, long seed, Path dir, int crashesPlanned) {
    this.service = service;
    this.launcher = launcher;
    this.chain = service.chain();
    this.seed = seed;
    this.dir = dir;
    this.crashesPlanned = crashesPlanned;
    this.planRandom = new Random(seed);
    this.robertRandom = new Random(seed ^ 0x5DEECE66DL);
    this.petra = CrashScript.petraAccount(seed);
    this.robert = CrashScript.robertAccount(seed);
  }

  /** Runs the script to its end with the planned crashes and checks the invariants; returns what happened. */
  Result execute() throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(dir.resolve("petra"));
    chain.mint(petra.address(), EmbeddedSimChain.ASSET, CrashScript.MINT);
    chain.mint(robert.address(), EmbeddedSimChain.ASSET, CrashScript.MINT);
    int petraPort = freePort();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    WireAddress petraWire = CrashScript.petraWireIdentity(seed).address();
    SimWallet robertWallet = SimWallet.fromSeed(~seed);
    robertWallet.newAccount();
    ChannelStore robertStore = new ObservedStore(LevelDbChannelStore.open(dir.resolve("robert"), Durability.SYNC, signatureSize), new RobertRecorder());
    List<Crash> crashes = new ArrayList<>();
    Optional<String> done = Optional.empty();
    try (TcpTransport transport = TcpTransport.builder(CrashScript.robertWireIdentity(seed), new Ed25519WireVerifier(), new PerunIoCodec(signatureSize))
            .listen(new InetSocketAddress(loopback, 0)).peer(petraWire, new InetSocketAddress(loopback, petraPort)).start();
        Client robertClient = Client.builder()
            .identity(transport.address())
            .transport(transport)
            .funder(new SimFunder(chain, CrashScript.FUNDING_TIMEOUT))
            .adjudicator(new SimAdjudicator(chain))
            .wallet(robertWallet)
            .channelBackend(new SimBackend().channelBackend())
            .executor(executor)
            .random(new Random(~seed))
            .ticker(System::nanoTime)
            .proposalHandler(this::onProposal)
            .updateHandler(UpdateHandler.acceptAll())
            .store(robertStore)
            .build()) {
      long deadline = started + RUN_DEADLINE.toNanos();
      for (int i = 0; done.isEmpty(); i++) {
        CrashPoint point = i < crashesPlanned ? CrashPoint.next(planRandom, i, crashesPlanned, progress) : new CrashPoint.None();
        Incarnation inc = new Incarnation(i, point, launcher.take(), petraPort, transport.port());
        Optional<Crash> crash = inc.run(deadline);
        if (crash.isPresent()) {
          crashes.add(crash.get());
        } else {
          done = inc.done;
        }
      }
      awaitRobertWithdrawn(robertStore, deadline);
      stopping = true;
      State settled = check(ChannelId.fromHex(done.get().split(" ")[1]), robertClient, robertStore);
      return new Result(seed, List.copyOf(crashes), settled, Duration.ofNanos(System.nanoTime() - started), log());
    } finally {
      stopping = true;
      robertStore.close();
      executor.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------- Robert

  private void onProposal(IncomingProposal proposal, ProposalResponder responder) {
    CompletableFuture<Void> task = new CompletableFuture<>();
    robertTasks.add(task);
    try {
      Channel ch = responder.accept(robert.address(), CrashScript.ROBERT_OPEN_TIMEOUT);
      driveRobert(ch);
      task.complete(null);
    } catch (ChannelFundingException e) {
      note("robert: funding of " + e.channel().id().shortHex() + " failed (" + e.getMessage() + "); recovering the deposit");
      try {
        e.channel().settle(CrashScript.SETTLE_TIMEOUT, false);
        task.complete(null);
      } catch (Throwable t) {
        task.completeExceptionally(t);
      }
    } catch (PerunException e) {
      note("robert: opening a channel with petra failed: " + e); // petra died during the opening
      task.complete(null);
    } catch (Throwable t) {
      task.completeExceptionally(t);
    }
  }

  /** Robert's side of the script: he proposes his versions and settles once the channel is final. */
  private void driveRobert(Channel ch) throws InterruptedException {
    Semaphore changed = new Semaphore(0);
    ch.subscribe(s -> changed.release());
    while (!stopping) {
      Phase phase = ch.phase();
      if (phase == Phase.WITHDRAWN) {
        return;
      }
      if (phase == Phase.FINAL || SETTLING.contains(phase)) {
        ch.settle(CrashScript.SETTLE_TIMEOUT, true);
        return;
      }
      long next = ch.state().version() + 1;
      if (phase == Phase.ACTING && next <= CrashScript.TARGET && !CrashScript.petraProposes(next)) {
        try {
          ch.update(CrashScript.onlyVersion(next, CrashScript.pay(1, 0, BigInteger.valueOf(1 + robertRandom.nextInt(5)))), CrashScript.ROBERT_UPDATE_TIMEOUT);
        } catch (PerunException e) {
          note("robert: update to version " + next + " failed: " + e.getClass().getSimpleName());
          changed.tryAcquire(200, TimeUnit.MILLISECONDS);
        }
      } else {
        changed.tryAcquire(200, TimeUnit.MILLISECONDS); // waiting for petra's update, or for her to come back
      }
    }
  }

  /**
   * Waits until Robert withdrew from every channel he holds a signed state of: the main one, and any whose funding
   * he must recover. His answers to proposals that Petra abandoned during the opening may still wait for her
   * signature on the initial state; they have nothing at stake and time out by themselves.
   */
  private void awaitRobertWithdrawn(ChannelStore robertStore, long deadline) throws InterruptedException {
    while (!signedChannels("robert", robertStore).isEmpty()) {
      robertFailure().ifPresent(t -> {
        throw new AssertionError("robert failed: " + t + context(), t);
      });
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("robert did not withdraw within " + RUN_DEADLINE + ": " + signedChannels("robert", robertStore) + context());
      }
      robertWrote.tryAcquire(200, TimeUnit.MILLISECONDS); // his next store write may be the last removal
    }
    robertFailure().ifPresent(t -> {
      throw new AssertionError("robert failed: " + t + context(), t);
    });
  }

  /** The failure of one of Robert's tasks (answering a proposal, driving or recovering a channel), if any. */
  private Optional<Throwable> robertFailure() {
    return robertTasks.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().map(t -> t.handle((v, e) -> e).join());
  }

  /** Records every fully signed state Robert makes durable. */
  private final class RobertRecorder implements ObservedStore.Observer {
    @Override
    public void before(ObservedStore.Write w) {}

    @Override
    public void after(ObservedStore.Write w) {
      w.saved().filter(c -> c.current().isPresent() && c.phase() != Phase.INIT_SIGNING && c.phase() != Phase.INIT_ACTING)
          .ifPresent(c -> record("robert", robertHistory, w.id(), c.current().get().state().version(), CrashScript.digest(c.current().get().state())));
      robertWrote.release();
    }
  }

  private void record(String who, Map<ChannelId, Map<Long, String>> history, ChannelId id, long version, String digest) {
    String before = history.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).putIfAbsent(version, digest);
    if (before != null && !before.equals(digest)) {
      violations.add(who + " held two different fully signed states of version " + version + " of channel " + id.shortHex() + ": " + before + " and " + digest);
    }
    Map<Long, String> other = history == robertHistory ? petraHistory.get(id) : robertHistory.get(id);
    String theirs = other == null ? null : other.get(version);
    if (theirs != null && !theirs.equals(digest)) {
      violations.add("petra and robert hold different fully signed states of version " + version + " of channel " + id.shortHex() + ": " + digest + " (" + who + ") vs " + theirs);
    }
  }

  /** Whether Petra withdrew from {@code id}: she was withdrawing, and the chain has it concluded with nothing left for her. */
  private boolean petraWithdrew(ChannelId id) {
    return "WITHDRAWING".equals(petraLastPhase.get(id)) && chain.dispute(id).map(Dispute::isConcluded).orElse(false)
        && chain.holdings(id, petra.address(), EmbeddedSimChain.ASSET).signum() == 0;
  }

  private static long maxVersion(Map<Long, String> history) {
    return history == null ? -1 : history.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  // ---------------------------------------------------------------------------------------------- Petra

  /** One process of Petra: started, watched line by line, and killed at its crash point (or run to its end). */
  private final class Incarnation {
    private final int number;
    private final CrashPoint point;
    private final PetraProcess process;
    private final Path out;
    private final long startedAt = System.nanoTime();
    /** The signed channels in the store when this process started, with their versions. */
    private final Map<ChannelId, Long> stored = new LinkedHashMap<>();
    private String lastStep;
    private String lastLine = "";
    private String paused;
    private long readyMs = -1;
    private Optional<String> done = Optional.empty();

    /** Lets a warm process start as Petra on her store and port (the previous Petra is dead), with its crash point. */
    Incarnation(int number, CrashPoint point, PetraProcess process, int port, int robertPort) throws IOException {
      this.number = number;
      this.point = point;
      this.process = process;
      this.out = dir.resolve("petra-" + number + ".out");
      Map<String, String> args = new LinkedHashMap<>();
      args.put("seed", Long.toString(seed));
      args.put("incarnation", Integer.toString(number));
      args.put("port", Integer.toString(port));
      args.put("robert-port", Integer.toString(robertPort));
      args.put("dir", dir.resolve("petra").toString());
      if (point instanceof CrashPoint.AtWrite w) {
        args.put("pause", w.argument());
      }
      process.go(args);
      note("petra #" + number + " goes (pid " + process.pid() + "), crash point: " + point.describe());
    }

    /** Watches the process; returns the crash if it was killed, empty if it ran to its end. */
    Optional<Crash> run(long deadline) throws Exception {
      boolean armed = false;
      long killAt = 0;
      int matched = 0;
      while (true) {
        long now = System.nanoTime();
        if (armed && now - killAt >= 0) {
          return kill();
        }
        Optional<Throwable> robertFailed = robertFailure();
        if (robertFailed.isPresent()) {
          process.kill();
          throw new AssertionError("robert failed: " + robertFailed.get() + context(), robertFailed.get());
        }
        if (now - deadline >= 0) {
          process.kill();
          throw new AssertionError("the run did not finish within " + RUN_DEADLINE + context());
        }
        long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(500), deadline - now);
        if (armed) {
          wait = Math.min(wait, killAt - now);
        }
        String line = process.poll(wait);
        if (line == null) {
          if (process.finished()) {
            return ended();
          }
          continue;
        }
        handle(line);
        if (line.startsWith("PAUSED ")) {
          paused = line;
          return kill();
        }
        if (!armed && point instanceof CrashPoint.AfterDelay d && line.startsWith("READY ")) {
          armed = true;
          killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(d.delayMs());
        }
        if (!armed && point instanceof CrashPoint.AfterLine l && line.startsWith(l.prefix()) && ++matched == l.nth()) {
          armed = true;
          killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(l.delayMs());
        }
      }
    }

    /** Kills the process with SIGKILL, then takes the lines it printed before it died. */
    private Optional<Crash> kill() throws Exception {
      for (String line : process.kill()) {
        handle(line);
      }
      if (done.isPresent()) {
        note("petra #" + number + " finished before the kill landed");
        return Optional.empty();
      }
      Stage stage = stage();
      note("petra #" + number + " killed (" + stage + ") after: " + lastLine + " (ready after " + readyMs + " ms, killed after "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms)");
      Map<ChannelId, Long> robertHeld = new LinkedHashMap<>();
      robertHistory.forEach((id, h) -> robertHeld.put(id, maxVersion(h)));
      robertAtLastKill = robertHeld;
      petraDurableAtKill = new LinkedHashMap<>(petraDurable);
      return Optional.of(new Crash(number, point, stage, lastLine));
    }

    private Optional<Crash> ended() throws Exception {
      int status = process.exitValue();
      if (status != 0 || done.isEmpty()) {
        throw new AssertionError("petra #" + number + " exited with status " + status + " without DONE" + context());
      }
      return Optional.empty();
    }

    private void handle(String line) throws IOException {
      lastLine = line;
      Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      String[] f = line.split(" ");
      switch (f[0]) {
        case "SAVE" -> {
          ChannelId id = ChannelId.fromHex(f[2]);
          Phase phase = Phase.valueOf(f[3]);
          if (!f[4].equals("-") && phase != Phase.INIT_SIGNING && phase != Phase.INIT_ACTING) {
            long version = Long.parseLong(f[4]);
            record("petra", petraHistory, id, version, f[5]);
            petraDurable.merge(id, version, Math::max);
            petraLastPhase.put(id, phase.name());
            progress = new CrashPoint.Progress(Optional.of(phase.name()), version);
            progressChannel = id;
          }
        }
        case "REMOVE" -> {
          ChannelId id = ChannelId.fromHex(f[2]);
          petraRemoved.add(id);
          if (id.equals(progressChannel)) {
            progress = new CrashPoint.Progress(Optional.of("REMOVE"), progress.version());
          }
        }
        case "STORED" -> {
          ChannelId id = ChannelId.fromHex(f[1]);
          Phase phase = Phase.valueOf(f[2]);
          boolean signed = !f[3].equals("-") && phase != Phase.INIT_SIGNING && phase != Phase.INIT_ACTING;
          if (signed) {
            stored.put(id, Long.parseLong(f[3]));
          }
          if (petraRemoved.contains(id)) {
            violations.add("petra #" + number + " found channel " + id.shortHex() + " in her store, which she had removed after withdrawing");
          }
          String written = petraHistory.getOrDefault(id, Map.of()).get(signed ? Long.parseLong(f[3]) : -1L);
          if (written != null && !written.equals(f[4])) {
            violations.add("petra #" + number + " found version " + f[3] + " of channel " + id.shortHex() + " as " + f[4] + " in her store, but had written " + written);
          }
          Long durable = petraDurableAtKill.get(id);
          if (durable != null && (!signed || Long.parseLong(f[3]) < durable)) {
            violations.add("petra #" + number + " found channel " + id.shortHex() + " at version " + f[3] + " in phase " + phase + " in her store, but version " + durable
                + " was durable before the kill");
          }
        }
        case "READY" -> {
          readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
          checkRestore();
        }
        case "STEP" -> lastStep = line;

        case "DONE" -> done = Optional.of(line);
        case "FAIL", "READ-FAILED" -> violations.add("petra #" + number + ": " + line);
        default -> { }
      }
    }

    /**
     * After a restart: every channel Petra made durable is back (unless she removed it after withdrawing), and she
     * is behind what Robert held at her death by at most her own unanswered proposal.
     */
    private void checkRestore() {
      // A kill between a removal and its REMOVE line: the channel was withdrawn, which the chain shows.
      for (ChannelId id : petraDurableAtKill.keySet()) {
        if (!stored.containsKey(id) && !petraRemoved.contains(id) && petraWithdrew(id)) {
          note("petra #" + number + ": channel " + id.shortHex() + " was removed (withdrawn on chain) without a REMOVE line before the kill");
          petraRemoved.add(id);
        }
      }
      for (Map.Entry<ChannelId, Long> e : petraDurableAtKill.entrySet()) {
        if (!petraRemoved.contains(e.getKey()) && !stored.containsKey(e.getKey())) {
          violations.add("petra #" + number + " lost channel " + e.getKey().shortHex() + " (version " + e.getValue() + " was durable)");
        }
      }
      for (Map.Entry<ChannelId, Long> e : robertAtLastKill.entrySet()) {
        if (petraRemoved.contains(e.getKey())) {
          continue;
        }
        long theirs = e.getValue();
        boolean herProposal = theirs == 0 || CrashScript.petraProposes(theirs);
        long floor = herProposal ? theirs - 1 : theirs;
        Long ours = stored.get(e.getKey());
        if ((ours == null && floor >= 0) || (ours != null && ours < floor)) {
          violations.add("petra #" + number + " restored channel " + e.getKey().shortHex() + " at version " + ours + " but robert held version " + theirs
              + " when she was killed" + (herProposal ? " (one behind is allowed: her own proposal)" : " (a version she had accepted)"));
        }
      }
    }

    private Stage stage() {
      if (paused != null) {
        // PAUSED before|after SAVE n id phase version digest staged, or PAUSED before|after REMOVE n id
        String[] f = paused.split(" ");
        if (f[2].equals("REMOVE")) {
          return Stage.SETTLEMENT;
        }
        return switch (Phase.valueOf(f[5])) {
          case INIT_ACTING, INIT_SIGNING, FUNDING -> Stage.OPEN;
          case SIGNING -> Long.parseLong(f[8]) > CrashScript.TARGET ? Stage.SETTLEMENT : Stage.UPDATE_AS_PROPOSER;
          case ACTING -> {
            long v = Long.parseLong(f[6]);
            yield v == 0 ? Stage.OPEN : CrashScript.petraProposes(v) ? Stage.UPDATE_AS_PROPOSER : Stage.UPDATE_AS_RESPONDER;
          }
          default -> Stage.SETTLEMENT;
        };
      }
      if (lastStep == null) {
        return Stage.RESTORE;
      }
      String[] f = lastStep.split(" ");
      return switch (f[1]) {
        case "open", "open-failed", "funding", "recover" -> Stage.OPEN;
        case "update" -> Stage.UPDATE_AS_PROPOSER;
        case "await" -> Stage.UPDATE_AS_RESPONDER;
        case "retry" -> CrashScript.petraProposes(Long.parseLong(f[2])) ? Stage.UPDATE_AS_PROPOSER : Stage.UPDATE_AS_RESPONDER;
        default -> Stage.SETTLEMENT;
      };
    }

    private String context() {
      String stderr;
      try {
        List<String> all = Files.readAllLines(process.err());
        stderr = String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
      } catch (IOException e) {
        stderr = "(stderr unreadable: " + e + ")";
      }
      return CrashRun.this.context() + "--- last stderr of petra #" + number + " ---\n" + stderr;
    }
  }

  /** What Robert held, per channel, when Petra was last killed. */
  private Map<ChannelId, Long> robertAtLastKill = Map.of();
  /** What Petra had reported durable, per channel, when she was last killed. */
  private Map<ChannelId, Long> petraDurableAtKill = Map.of();
  // ---------------------------------------------------------------------------------------------- checks

  /**
   * The invariants at the end of a run: no violation was recorded on the way; the channel is settled on chain with
   * the highest fully signed state either party ever held, which is final; each party's on-chain balance is what
   * that state gives it; no channel of the run holds coins any more; neither store holds a signed channel.
   */
  private State check(ChannelId main, Client robertClient, ChannelStore robertStore) {
    List<String> failures = new ArrayList<>(violations);
    Channel robertsEnd = robertClient.channel(main).orElse(null);
    if (robertsEnd == null || robertsEnd.phase() != Phase.WITHDRAWN) {
      failures.add("robert's end of channel " + main.shortHex() + " is " + (robertsEnd == null ? "unknown" : robertsEnd.phase()) + ", not WITHDRAWN");
    }
    long highest = Math.max(maxVersion(robertHistory.get(main)), maxVersion(petraHistory.get(main)));
    Dispute onChain = chain.dispute(main).orElse(null);
    State settled = null;
    if (onChain == null || !onChain.isConcluded()) {
      failures.add("channel " + main.shortHex() + " is not concluded on chain: " + onChain);
    } else {
      settled = onChain.state();
      String expected = Optional.ofNullable(robertHistory.get(main)).map(h -> h.get(highest))
          .orElseGet(() -> petraHistory.getOrDefault(main, Map.of()).get(highest));
      if (onChain.version() != highest || !CrashScript.digest(settled).equals(expected)) {
        failures.add("the chain concluded version " + onChain.version() + " (" + CrashScript.digest(settled) + "), but the highest fully signed state was version "
            + highest + " (" + expected + ")");
      }
      if (!settled.isFinal()) {
        failures.add("the settled state is not final: " + settled);
      }
      BigInteger petraExpected = CrashScript.MINT.subtract(CrashScript.DEPOSIT).add(settled.balances().get(0, 0));
      BigInteger robertExpected = CrashScript.MINT.subtract(CrashScript.DEPOSIT).add(settled.balances().get(0, 1));
      BigInteger petraHas = chain.balanceOf(petra.address(), EmbeddedSimChain.ASSET);
      BigInteger robertHas = chain.balanceOf(robert.address(), EmbeddedSimChain.ASSET);
      if (!petraHas.equals(petraExpected) || !robertHas.equals(robertExpected)) {
        failures.add("on-chain balances petra " + petraHas + ", robert " + robertHas + "; the settled state " + settled.balances() + " gives petra " + petraExpected
            + " and robert " + robertExpected);
      }
    }
    Set<ChannelId> all = new LinkedHashSet<>(robertHistory.keySet());
    all.addAll(petraHistory.keySet());
    for (ChannelId id : all) {
      for (Address who : List.of(petra.address(), robert.address())) {
        BigInteger held = chain.holdings(id, who, EmbeddedSimChain.ASSET);
        if (held.signum() != 0) {
          failures.add("channel " + id.shortHex() + " still holds " + held + " for " + who);
        }
      }
    }
    signedChannels("robert", robertStore).forEach(failures::add);
    try (ChannelStore petraStore = LevelDbChannelStore.open(dir.resolve("petra").resolve("channels"), Durability.SYNC, signatureSize)) {
      signedChannels("petra", petraStore).forEach(failures::add);
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " invariant(s) broken:\n  " + String.join("\n  ", failures) + "\n" + context());
    }
    return settled;
  }

  /** The channels of {@code store} that still hold a fully signed state (every one should have been withdrawn). */
  private static List<String> signedChannels(String who, ChannelStore store) {
    List<String> out = new ArrayList<>();
    for (PersistedChannel c : store.channels()) {
      if (c.current().isPresent() && c.phase() != Phase.INIT_SIGNING && c.phase() != Phase.INIT_ACTING) {
        out.add(who + "'s store still holds channel " + c.id().shortHex() + " in phase " + c.phase());
      }
    }
    return out;
  }

  private synchronized String context() {
    return " (run seed " + seed + "; rerun it alone with -Dperun.crash.run=" + seed + "; the lines of each process are in " + dir + ")\n--- run log ---\n" + log;
  }

  private synchronized String log() {
    return log.toString();
  }

  private synchronized void note(String line) {
    log.append(line).append('\n');
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
