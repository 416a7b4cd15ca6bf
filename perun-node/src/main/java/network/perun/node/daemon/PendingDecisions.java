// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Incoming proposals and payments that a policy held for a human decision through the API, each with an expiry
 * after which it is rejected.
 */
public final class PendingDecisions {
  private final Map<Long, Pending> pending = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** The answer to a held proposal or payment. */
  public record Verdict(boolean accept, String reason) {}

  /**
   * One held proposal or payment.
   *
   * @param id the decision's ID in the API
   * @param kind {@code proposal} or {@code payment}
   * @param details what the API shows about it (peer, amounts, channel)
   * @param expiresAt when it is rejected if nobody decided
   */
  public record Pending(long id, String kind, ObjectNode details, Instant expiresAt, CompletableFuture<Verdict> verdict) {
    public Pending {
      details = details.deepCopy();
    }

    @Override
    public ObjectNode details() {
      return details.deepCopy();
    }
  }

  /** Holds a decision of {@code kind} for at most {@code timeout}; the caller then calls {@link #await}. */
  public Pending hold(String kind, ObjectNode details, Duration timeout) {
    Pending p = new Pending(ids.incrementAndGet(), kind, details, Instant.now().plus(timeout), new CompletableFuture<>());
    pending.put(p.id(), p);
    return p;
  }

  /**
   * Waits for the verdict on {@code p} until its expiry; empty if it expired. The decision is gone afterwards
   * either way.
   */
  public Optional<Verdict> await(Pending p) throws InterruptedException {
    try {
      long ms = Math.max(0, Duration.between(Instant.now(), p.expiresAt()).toMillis());
      return Optional.of(p.verdict().get(ms, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty();
    } finally {
      pending.remove(p.id());
    }
  }

  /**
   * Answers the held decision {@code id}.
   *
   * @throws NodeException {@link ErrorCode#UNKNOWN_DECISION} if it is not pending (answered, expired, unknown)
   */
  public Pending decide(long id, Verdict verdict) {
    Pending p = pending.remove(id);
    if (p == null || !p.verdict().complete(verdict)) {
      throw new NodeException(ErrorCode.UNKNOWN_DECISION, "no pending decision has ID " + id + " (answered, expired or never held)");
    }
    return p;
  }

  /** Every pending decision, oldest first. */
  public List<Pending> all() {
    return List.copyOf(pending.values());
  }

  /** Rejects every pending decision (at shutdown). */
  public void rejectAll(String reason) {
    for (Pending p : all()) {
      p.verdict().complete(new Verdict(false, reason));
    }
  }
}
