// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import network.perun.node.config.ConfigException;
import network.perun.node.http.HttpJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's event stream with resumable IDs: every event is appended to {@code events.jsonl} (one JSON object a
 * line), so IDs keep counting up across restarts and a client that reconnects with {@code after=ID} misses nothing
 * that is still kept; the latest {@value #KEPT} events are served from memory.
 */
public final class EventLog implements AutoCloseable {
  /** How many recent events are kept for readers. */
  public static final int KEPT = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final ArrayDeque<NodeEvent> recent = new ArrayDeque<>();
  private final BufferedWriter out;
  private final List<Consumer<NodeEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private long lastId;
  private boolean closed;

  private EventLog(BufferedWriter out, long lastId, List<NodeEvent> kept) {
    this.out = out;
    this.lastId = lastId;
    recent.addAll(kept);
  }

  /**
   * Opens the log in {@code file}, reading back the kept events and the last ID.
   *
   * @throws ConfigException if the file cannot be read or written
   */
  public static EventLog open(Path file) {
    long last = 0;
    ArrayDeque<NodeEvent> kept = new ArrayDeque<>();
    if (Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          NodeEvent e;
          try {
            e = parse(HttpJson.MAPPER.readTree(line));
          } catch (IOException | RuntimeException bad) {
            LOG.warn("skipping an unreadable line of {}: {}", file, bad.getMessage());
            continue;
          }
          last = Math.max(last, e.id());
          kept.add(e);
          if (kept.size() > KEPT) {
            kept.removeFirst();
          }
        }
      } catch (IOException e) {
        throw new ConfigException("cannot read the event log " + file + ": " + e.getMessage(), e);
      }
    }
    try {
      BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new EventLog(out, last, new ArrayList<>(kept));
    } catch (IOException e) {
      throw new ConfigException("cannot open the event log " + file + ": " + e.getMessage(), e);
    }
  }

  private static NodeEvent parse(JsonNode node) {
    ObjectNode data = (ObjectNode) node.deepCopy();
    long id = data.remove("id").asLong();
    Instant time = Instant.parse(data.remove("time").asText());
    String type = data.remove("type").asText();
    return new NodeEvent(id, time, type, data);
  }

  /** Appends an event of {@code type} with {@code data}; returns it. After {@link #close()} it is dropped. */
  public NodeEvent append(String type, ObjectNode data) {
    NodeEvent event;
    lock.lock();
    try {
      event = new NodeEvent(lastId + 1, Instant.now(), type, data);
      if (closed) {
        LOG.debug("event log closed, dropping {}", type);
        return event;
      }
      lastId = event.id();
      recent.addLast(event);
      if (recent.size() > KEPT) {
        recent.removeFirst();
      }
      try {
        out.write(HttpJson.MAPPER.writeValueAsString(event.toJson()));
        out.newLine();
        out.flush();
      } catch (IOException e) {
        LOG.error("cannot write event {} to the event log: {}", event.id(), e.getMessage());
      }
      appended.signalAll();
    } finally {
      lock.unlock();
    }
    LOG.info("event {} {} {}", event.id(), type, data);
    for (Consumer<NodeEvent> l : listeners) {
      l.accept(event);
    }
    return event;
  }

  /** Calls {@code listener} with every later event, on the appending thread; it must not block. */
  public void addListener(Consumer<NodeEvent> listener) {
    listeners.add(listener);
  }

  /** The ID of the latest event, 0 if there is none. */
  public long lastId() {
    lock.lock();
    try {
      return lastId;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The kept events with an ID above {@code after}, at most {@code limit}, waiting up to {@code wait} for the
   * first one if there is none yet.
   */
  public List<NodeEvent> after(long after, int limit, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    lock.lockInterruptibly();
    try {
      while (lastId <= after && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return List.of();
        }
        appended.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
      List<NodeEvent> out = new ArrayList<>();
      for (NodeEvent e : recent) {
        if (e.id() > after) {
          out.add(e);
          if (out.size() >= limit) {
            break;
          }
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Stops appending and wakes every waiting reader. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      appended.signalAll();
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("closing the event log failed: {}", e.getMessage());
      }
    } finally {
      lock.unlock();
    }
  }
}
