package dev.lipsync.core.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link TaskScheduler} whose time moves only when told, for tests and simulations (like
 * Micrometer's {@code MockClock}). Actions run on the thread that calls {@link #advance(Duration)}, in
 * the order they fall due, each with the clock set to its due time.
 *
 * <pre>{@code
 * ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
 * tracker = new TaskTracker(time, ...);
 * time.advance(Duration.ofSeconds(30));   // runs every poll due in the next 30 s
 * }</pre>
 *
 * Thread-safe.
 */
public final class ManualScheduler implements TaskScheduler {
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  /** A scheduler whose clock starts at {@code start}. */
  public ManualScheduler(Instant start) {
    this.now = Objects.requireNonNull(start, "start == null");
  }

  /** A scheduler whose clock starts at the epoch. */
  public ManualScheduler() {
    this(Instant.EPOCH);
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable action) {
    Duration wait = delay.isNegative() ? Duration.ZERO : delay;
    Entry entry = new Entry(now.plus(wait), sequence++, action);
    queue.add(entry);
    return () -> {
      synchronized (ManualScheduler.this) {
        queue.remove(entry);
      }
    };
  }

  /** Moves the clock forward by {@code duration}, running every action that falls due on the way. */
  public void advance(Duration duration) {
    Instant target;
    synchronized (this) {
      target = now.plus(duration);
    }
    while (true) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due.isAfter(target)) {
          now = target;
          return;
        }
        queue.poll();
        now = next.due;
      }
      next.action.run();
    }
  }

  /** Runs the actions already due, without moving the clock. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** The delays, from now, of the actions waiting to run, soonest first. */
  public synchronized List<Duration> pendingDelays() {
    List<Entry> entries = new ArrayList<>(queue);
    entries.sort(null);
    return entries.stream().map(e -> Duration.between(now, e.due)).toList();
  }

  private record Entry(Instant due, long sequence, Runnable action) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
