// SPDX-License-Identifier: Apache-2.0
package network.perun.node.crash;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Where the test kills one incarnation of the crashing process. Drawn from a run's seeded random source and aimed
 * ahead of where Petra's channel is ({@link #next}), so a seed reproduces the plan as long as the runs go the same
 * way; the exact instant of a delayed kill, and with it what happens next, still depends on the machine's timing.
 */
sealed interface CrashPoint {
  /** Write kinds that the open, update and settlement steps make (see {@link ObservedStore.Write#kind()}). */
  List<String> OPEN_WRITES = List.of("INIT_SIGNING", "FUNDING", "ACTING");
  List<String> SETTLE_WRITES = List.of("FINAL", "WITHDRAWING", "REMOVE");

  /** What the test prints about it. */
  String describe();

  /**
   * The process stops at its {@code nth} store write of kind {@code kind} ({@code ANY} for every write), just
   * before the write or just after it is durable, prints {@code PAUSED}, and the test kills it.
   */
  record AtWrite(String kind, int nth, boolean after) implements CrashPoint {
    /** The argument of the crashing process: {@code kind:nth:before|after}. */
    String argument() {
      return kind + ":" + nth + ":" + (after ? "after" : "before");
    }

    @Override
    public String describe() {
      return (after ? "after" : "before") + " write #" + nth + " of kind " + kind;
    }
  }

  /** The test kills the process {@code delayMs} after it printed its {@code nth} line starting with {@code prefix}. */
  record AfterLine(String prefix, int nth, long delayMs) implements CrashPoint {
    @Override
    public String describe() {
      return delayMs + " ms after line #" + nth + " starting with \"" + prefix + "\"";
    }
  }

  /** The test kills the process {@code delayMs} after it printed {@code READY}. */
  record AfterDelay(long delayMs) implements CrashPoint {
    @Override
    public String describe() {
      return delayMs + " ms after READY";
    }
  }

  /** The process runs to its end. */
  record None() implements CrashPoint {
    @Override
    public String describe() {
      return "no crash";
    }
  }

  /**
   * Where Petra's channel was when the test last saw it: the phase and current version of her latest store write
   * (empty before she holds a signed channel).
   */
  record Progress(Optional<String> phase, long version) {
    static final Progress NONE = new Progress(Optional.empty(), -1);
  }

  /**
   * The crash point of the {@code index}-th of {@code planned} kills of a run, ahead of where Petra is: the first
   * kill (and the second, if the channel is still not open) hits the opening, the last two the settlement, the
   * others the next few updates (as proposer or as responder) or the settlement, once the payments are done.
   */
  static CrashPoint next(Random random, int index, int planned, Progress at) {
    if (index == 0 || (index == 1 && at.phase().isEmpty())) {
      return open(random);
    }
    if (at.phase().isEmpty()) {
      return update(random, 0); // still opening: aim at the first updates
    }
    boolean paying = List.of("FUNDING", "ACTING", "SIGNING").contains(at.phase().get()) && at.version() < CrashScript.TARGET;
    if (index >= planned - 2 || !paying) {
      return settle(random, at);
    }
    return update(random, at.version());
  }

  private static CrashPoint open(Random r) {
    return switch (r.nextInt(5)) {
      case 0, 1, 2 -> new AtWrite(OPEN_WRITES.get(r.nextInt(OPEN_WRITES.size())), 1, r.nextBoolean());
      case 3 -> new AfterLine("STEP open", 1, r.nextInt(80));
      default -> new AfterDelay(r.nextInt(400));
    };
  }

  private static CrashPoint update(Random r, long version) {
    long ahead = Math.min(3, CrashScript.TARGET - version);
    long target = version + 1 + r.nextInt((int) ahead); // one of the next versions
    long robertsNext = -1;
    for (long v = CrashScript.TARGET; v > version; v--) {
      robertsNext = CrashScript.petraProposes(v) ? robertsNext : v;
    }
    return switch (r.nextInt(6)) {
      // the n-th enabling (ACTING write) from here: of one of the next versions, or of Robert's next proposal,
      // which Petra accepts with that write (before it, her signature must not have left)
      case 0 -> new AtWrite("ACTING", (int) (target - version), r.nextBoolean());
      case 1 -> new AtWrite("ACTING", (int) ((robertsNext > 0 && robertsNext - version <= 3 ? robertsNext : target) - version), r.nextBoolean());
      case 2 -> new AtWrite("SIGNING", 1, r.nextBoolean()); // Petra's next own proposal
      case 3 -> new AfterLine("STEP update", 1, r.nextInt(30));
      case 4 -> robertsNext > 0 ? new AfterLine("STEP await", 1, r.nextInt(30)) : new AfterLine("STEP update", 1, r.nextInt(30));
      default -> new AfterDelay(r.nextInt(300)); // the updates after a restart take well under a second
    };
  }

  private static CrashPoint settle(Random r, Progress at) {
    String phase = at.phase().orElse("ACTING");
    List<String> ahead = switch (phase) {
      case "FINAL" -> List.of("WITHDRAWING", "REMOVE");
      case "WITHDRAWING" -> List.of("REMOVE");
      default -> SETTLE_WRITES;
    };
    return r.nextInt(5) == 0
        ? new AfterLine("STEP settle", 1, r.nextInt(40))
        : new AtWrite(ahead.get(r.nextInt(ahead.size())), 1, r.nextBoolean());
  }
}
