// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.PerunException;
import network.perun.api.Phase;
import network.perun.api.State;
import network.perun.api.WireAddress;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.SimWallet;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelFundingException;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.UpdateHandler;
import network.perun.node.chain.EmbeddedSimChain;
import network.perun.node.chain.RemoteChain;
import network.perun.node.chain.RemoteSimChain;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.Durability;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.tcp.Ed25519WireIdentity;
import network.perun.wire.tcp.Ed25519WireVerifier;
import network.perun.wire.tcp.TcpTransport;

/**
 * Petra, the party that the crash test kills: a separate JVM that runs the {@link CrashScript} on a LevelDB store
 * and the shared simulated chain service, reporting its progress on stdout, one line each.
 *
 * <pre>
 * WARM                          warmed up (before or after the GO)
 * START incarnation
 * STORED id phase version digest   a channel in the store as the process found it (before restoring)
 * CHANNEL id phase version      a channel restored from the store
 * READY n                       restored n channels; the script starts
 * SAVE n id phase version digest staged | REMOVE n id     after the n-th store write of this process is durable
 * STEP open | update v | await v | final v | funding id | recover id | settle id phase
 * PAUSED write                  stopped at its crash point; waits to be killed
 * DONE id version               the channel is settled and withdrawn; exit status 0
 * FAIL message                  the script failed; exit status 1
 * </pre>
 *
 * <p>Arguments: {@code --chain URL --scratch DIR}. The test starts the process ahead of time, while the previous Petra
 * still runs; it warms up (see {@link #warmUp}) and waits for a line {@code GO key=value...} on stdin, which the test
 * sends once the previous Petra is dead, with the keys {@code seed}, {@code incarnation}, {@code port},
 * {@code robert-port}, {@code dir} and, for a crash point at a store write, {@code pause=KIND:N:before|after}. Only
 * then does it open its store (the directory {@code dir/channels}) and listen on its port. Her keys derive from the
 * seed; {@code dir/journal} lists the channels she opened and those she gave up (funding failed), so that a restart
 * after the last withdrawal knows it is done.
 */
public final class CrashingParty {
  private static final PrintStream OUT = System.out;
  /** Set when the GO came. */
  private static volatile boolean going;
  private static final Set<Phase> SETTLING = EnumSet.of(Phase.REGISTERING, Phase.REGISTERED, Phase.PROGRESSING, Phase.PROGRESSED, Phase.WITHDRAWING);

  private final Map<String, String> args;
  private final long seed;
  private final int incarnation;
  private final Path dir;
  private final Journal journal;
  private Client client;
  private RemoteChain chain;

  private CrashingParty(Map<String, String> args) throws IOException {
    this.args = args;
    this.seed = Long.parseLong(args.get("seed"));
    this.incarnation = Integer.parseInt(args.get("incarnation"));
    this.dir = Path.of(args.get("dir"));
    this.journal = new Journal(dir.resolve("journal"));
  }

  public static void main(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    int status = 0;
    try {
      // The test starts this process while the previous Petra still runs and says GO once that one is dead; until
      // then, the code of a start runs once on throwaway objects (on a daemon thread: a GO does not wait for it).
      Thread warming = new Thread(() -> {
        try {
          warmUp(args);
          say("WARM");
        } catch (Exception e) {
          say("WARM failed: " + e);
        }
      }, "warm-up");
      warming.setDaemon(true);
      warming.start();
      String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (go == null || !go.startsWith("GO ")) {
        Runtime.getRuntime().halt(0);
      }
      going = true; // the rest of the warm-up would only compete with the real start
      for (String kv : go.substring(3).trim().split(" ")) {
        int eq = kv.indexOf('=');
        args.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      new CrashingParty(args).run();
    } catch (Throwable t) {
      t.printStackTrace();
      say("FAIL " + t);
      status = 1;
    }
    System.out.flush();
    Runtime.getRuntime().halt(status);
  }

  /**
   * Loads and runs once the code of a start (TLS, HTTP, LevelDB, signatures) on throwaway objects, touching neither
   * Petra's store nor her port, so that the start after the GO is quick; it stops early once the GO came.
   */
  private static void warmUp(Map<String, String> args) throws Exception {
    SimBackend backend = new SimBackend();
    int signatureSize = backend.walletBackend().signatureSize();
    try (TcpTransport t = TcpTransport.builder(Ed25519WireIdentity.generate(new java.security.SecureRandom()), new Ed25519WireVerifier(),
        new PerunIoCodec(signatureSize)).start()) {
      t.port();
    }
    if (going) {
      return;
    }
    try (RemoteChain chain = new RemoteChain(args.get("chain"), signatureSize)) {
      chain.time();
    }
    if (going) {
      return;
    }
    Path scratch = Files.createTempDirectory(Path.of(args.get("scratch")), "warm-");
    try (LevelDbChannelStore store = LevelDbChannelStore.open(scratch, Durability.SYNC, signatureSize)) {
      store.channels();
    }
    SimWallet.fromSeed(1).newAccount().sign(new byte[32]);
  }

  static synchronized void say(String line) {
    OUT.println(line);
    OUT.flush();
  }

  private void run() throws Exception {
    say("START " + incarnation);
    SimBackend backend = new SimBackend();
    int signatureSize = backend.walletBackend().signatureSize();
    SimWallet wallet = SimWallet.fromSeed(seed);
    SimAccount account = wallet.newAccount();
    Ed25519WireIdentity identity = CrashScript.petraWireIdentity(seed);
    WireAddress robert = CrashScript.robertWireIdentity(seed).address();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    TcpTransport transport = TcpTransport.builder(identity, new Ed25519WireVerifier(), new PerunIoCodec(signatureSize))
        .listen(new InetSocketAddress(loopback, Integer.parseInt(args.get("port"))))
        .peer(robert, new InetSocketAddress(loopback, Integer.parseInt(args.get("robert-port"))))
        .start();
    chain = new RemoteChain(args.get("chain"), signatureSize);
    RemoteSimChain remote = new RemoteSimChain(chain, CrashScript.FUNDING_TIMEOUT);
    ObservedStore store = new ObservedStore(LevelDbChannelStore.open(dir.resolve("channels"), Durability.SYNC, signatureSize), new Reporter(args.get("pause")));
    for (PersistedChannel pc : store.channels()) {
      say("STORED " + hex(pc.id()) + " " + pc.phase() + " " + pc.current().map(t -> t.state().version() + " " + CrashScript.digest(t.state())).orElse("- -"));
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    client = Client.builder()
        .identity(identity.address())
        .transport(transport)
        .funder(remote.funder())
        .adjudicator(remote.adjudicator())
        .wallet(wallet)
        .channelBackend(backend.channelBackend())
        .executor(executor)
        .random(new Random(seed * 1_000_003L + incarnation))
        .ticker(System::nanoTime)
        .proposalHandler(ProposalHandler.rejectAll("petra opens her channels herself"))
        .updateHandler(UpdateHandler.acceptAll())
        .store(store)
        .build();
    List<Channel> restored = client.restore();
    for (Channel ch : restored) {
      say("CHANNEL " + hex(ch.id()) + " " + ch.phase() + " " + ch.state().version());
      journal.opened(ch.id());
    }
    say("READY " + restored.size());

    Channel main = null;
    for (Channel ch : restored) {
      if (journal.givenUp(ch.id())) {
        recover(ch);
      } else if (main == null) {
        main = ch;
      } else {
        throw new IllegalStateException("two channels to continue: " + main + " and " + ch);
      }
    }
    if (main != null && main.phase() == Phase.FUNDING && !awaitFunded(main)) {
      giveUp(main);
      main = null;
    }
    if (main == null) {
      List<ChannelId> finished = journal.openedAndKept();
      restored.forEach(ch -> finished.remove(ch.id()));
      if (!finished.isEmpty()) {
        say("DONE " + hex(finished.get(0)) + " withdrawn-before-restart");
        return;
      }
    }
    while (main == null) {
      main = open(account, robert).orElse(null);
    }
    drive(main);
    say("DONE " + hex(main.id()) + " " + main.state().version());
  }

  /** Proposes the channel; empty if that failed (if its funding failed, the deposit is recovered first). */
  private Optional<Channel> open(SimAccount account, WireAddress robert) throws InterruptedException {
    say("STEP open");
    Allocation alloc = Allocation.of(List.of(EmbeddedSimChain.ASSET), Balances.ofSingleAsset(CrashScript.DEPOSIT, CrashScript.DEPOSIT));
    try {
      Channel ch = client.proposeChannel(ChannelProposal.ledger(robert, account.address(), alloc, CrashScript.CHALLENGE), CrashScript.OPEN_TIMEOUT);
      journal.opened(ch.id());
      return Optional.of(ch);
    } catch (ChannelFundingException e) {
      journal.opened(e.channel().id());
      giveUp(e.channel());
      return Optional.empty();
    } catch (PerunException e) {
      say("STEP open-failed " + e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  /** Waits for the funding that {@link Client#restore()} resumed; false if it did not complete in time. */
  private boolean awaitFunded(Channel ch) throws InterruptedException {
    say("STEP funding " + hex(ch.id()));
    long giveUpAt = chain.time() + CrashScript.FUNDING_TIMEOUT + 100;
    while (ch.phase() == Phase.FUNDING) {
      if (chain.time() > giveUpAt) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(50); // the resumed funding runs in the client; it reports only the phase
    }
    return true;
  }

  private void giveUp(Channel ch) throws InterruptedException {
    journal.gaveUp(ch.id());
    recover(ch);
  }

  /** Settles a channel whose funding failed, to get the deposit back. */
  private void recover(Channel ch) throws InterruptedException {
    say("STEP recover " + hex(ch.id()));
    ch.settle(CrashScript.SETTLE_TIMEOUT, SETTLING.contains(ch.phase()));
  }

  /** Runs the script on {@code ch} until it is withdrawn. */
  private void drive(Channel ch) throws InterruptedException {
    Semaphore changed = new Semaphore(0);
    ch.subscribe(s -> changed.release());
    long awaiting = -1;
    while (true) {
      Phase phase = ch.phase();
      if (phase == Phase.WITHDRAWN) {
        return;
      }
      if (phase == Phase.FINAL || SETTLING.contains(phase)) {
        say("STEP settle " + hex(ch.id()) + " " + phase);
        ch.settle(CrashScript.SETTLE_TIMEOUT, phase != Phase.FINAL);
        return;
      }
      if (phase != Phase.ACTING) {
        changed.tryAcquire(50, TimeUnit.MILLISECONDS); // an incoming update is staged, or funding completes
        continue;
      }
      State s = ch.state();
      long next = s.version() + 1;
      if (!CrashScript.petraProposes(next)) {
        if (awaiting != next) {
          say("STEP await " + next);
          awaiting = next;
        }
        changed.tryAcquire(500, TimeUnit.MILLISECONDS);
        continue;
      }
      try {
        // The mutator sees the channel's state when the update starts, which a sync from Robert may have moved
        // on since `next` was read: it refuses any version but `next`, so Petra proposes only her versions and the
        // test's account of who proposed what stays true.
        if (next > CrashScript.TARGET) {
          say("STEP final " + next);
          ch.update(CrashScript.onlyVersion(next, st -> st.withFinal(true)), CrashScript.UPDATE_TIMEOUT);
        } else {
          say("STEP update " + next);
          ch.update(CrashScript.onlyVersion(next, CrashScript.pay(0, 1, CrashScript.petraAmount(seed, incarnation, next))), CrashScript.UPDATE_TIMEOUT);
        }
      } catch (PerunException e) {
        say("STEP retry " + next + " " + e.getClass().getSimpleName());
        changed.tryAcquire(200, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static String hex(ChannelId id) {
    return id.bytes().toHex();
  }

  /** Prints every store write and stops at the crash point, if there is one. */
  private static final class Reporter implements ObservedStore.Observer {
    private final String kind;
    private final int nth;
    private final boolean after;
    private final AtomicInteger seen = new AtomicInteger();

    Reporter(String pause) {
      if (pause == null) {
        kind = null;
        nth = 0;
        after = false;
      } else {
        String[] p = pause.split(":");
        kind = p[0];
        nth = Integer.parseInt(p[1]);
        after = p[2].equals("after");
      }
    }

    private boolean isCrashPoint(ObservedStore.Write w) {
      return kind != null && (kind.equals("ANY") || kind.equals(w.kind())) && seen.get() == nth;
    }

    @Override
    public void before(ObservedStore.Write w) {
      if (kind != null && (kind.equals("ANY") || kind.equals(w.kind()))) {
        seen.incrementAndGet();
      }
      if (!after && isCrashPoint(w)) {
        pause("before " + w.line());
      }
    }

    @Override
    public void after(ObservedStore.Write w) {
      say(w.line());
      if (after && isCrashPoint(w)) {
        pause("after " + w.line());
      }
    }

    private static void pause(String where) {
      say("PAUSED " + where);
      CountDownLatch never = new CountDownLatch(1);
      while (true) {
        try {
          never.await();
        } catch (InterruptedException e) {
          // keep holding: the test kills this process here
        }
      }
    }
  }

  /** The channels this Petra opened and those she gave up, in a file that survives her. */
  private static final class Journal {
    private final Path file;
    private final List<String> lines = new ArrayList<>();

    Journal(Path file) throws IOException {
      this.file = file;
      if (Files.exists(file)) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }

    void opened(ChannelId id) {
      append("opened " + hex(id));
    }

    void gaveUp(ChannelId id) {
      append("gave-up " + hex(id));
    }

    boolean givenUp(ChannelId id) {
      return lines.contains("gave-up " + hex(id));
    }

    /** The channels opened and not given up: once withdrawn, they are gone from the store. */
    List<ChannelId> openedAndKept() {
      List<ChannelId> out = new ArrayList<>();
      for (String l : lines) {
        if (l.startsWith("opened ")) {
          ChannelId id = ChannelId.fromHex(l.substring(7));
          if (!givenUp(id) && !out.contains(id)) {
            out.add(id);
          }
        }
      }
      return out;
    }

    private void append(String line) {
      if (lines.contains(line)) {
        return;
      }
      lines.add(line);
      try {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot write the journal " + file, e);
      }
    }
  }
}
