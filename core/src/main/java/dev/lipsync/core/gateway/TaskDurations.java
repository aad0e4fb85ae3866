package dev.lipsync.core.gateway;

import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.TaskDuration;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long each vendor's tasks took, by the audio they were billed for, and so when a new one is
 * {@linkplain ExpectedEnd expected} to end. Kept in the gateway's {@link JobStore}, so that gateways
 * sharing a store learn from each other's tasks and a restarted one need not learn again: a vendor's
 * recent durations are read from the store when it is first asked about, and again every {@link
 * #REFRESH}, to take in what other gateways recorded meanwhile; what this gateway records is kept in
 * memory at once and written to the store.
 *
 * <p>Learning only makes polls cheaper, so a store that cannot be read or written (whatever it throws)
 * is logged and otherwise ignored: a vendor with too few durations known is polled on the fixed schedule. Thread-safe.
 */
final class TaskDurations {
  private static final Logger log = LoggerFactory.getLogger(TaskDurations.class);
  /** How many of a vendor's most recent durations the expectation is learnt from. */
  static final int WINDOW = 200;
  /** How long a vendor's durations read from the store are used before they are read again. */
  static final Duration REFRESH = Duration.ofMinutes(5);

  private final JobStore store;
  private final TaskScheduler clock;
  private final Map<String, Known> known = new HashMap<>();

  /** A vendor's most recent durations, newest first, and when they were read from the store. */
  private record Known(List<TaskDuration> newest, Instant read) {}

  TaskDurations(JobStore store, TaskScheduler clock) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** When a task at {@code vendor} billed for {@code audio} is expected to end; null while too little is known. */
  @Nullable ExpectedEnd expect(String vendor, Duration audio) {
    return ExpectedEnd.fit(durations(vendor), audio);
  }

  /** Keeps that a task at {@code vendor} billed for {@code audio} took {@code took}, ending about {@code endedAt}. */
  void record(String vendor, Duration audio, Duration took, Instant endedAt) {
    if (took.isNegative() || took.isZero()) {
      return; // A clock that moved backwards, not a task: nothing to learn.
    }
    TaskDuration duration = new TaskDuration(vendor, audio, took, endedAt);
    synchronized (this) {
      Known current = known.get(vendor);
      if (current != null) {
        List<TaskDuration> newest = new ArrayList<>(WINDOW);
        newest.add(duration);
        newest.addAll(current.newest().subList(0, Math.min(WINDOW - 1, current.newest().size())));
        known.put(vendor, new Known(List.copyOf(newest), current.read()));
      }
    }
    try {
      store.recordDuration(duration);
    } catch (RuntimeException e) { // a store's failure, or its bug: either way, only learning suffers
      log.warn("Could not keep how long a task at {} took in the job store ({}); it is known here only",
          vendor, e.getMessage());
    }
  }

  /** The vendor's most recent durations, newest first, read from the store if not read lately. */
  List<TaskDuration> durations(String vendor) {
    Instant now = clock.now();
    synchronized (this) {
      Known current = known.get(vendor);
      if (current != null && Duration.between(current.read(), now).compareTo(REFRESH) < 0) {
        return current.newest();
      }
    }
    List<TaskDuration> read;
    try {
      read = List.copyOf(store.durations(vendor, WINDOW));
    } catch (RuntimeException e) { // a store's failure, or its bug: either way, only learning suffers
      log.warn("Could not read how long tasks at {} took from the job store ({}); tried again in {}",
          vendor, e.getMessage(), REFRESH);
      synchronized (this) {
        Known current = known.get(vendor);
        Known kept = new Known(current == null ? List.of() : current.newest(), now);
        known.put(vendor, kept);
        return kept.newest();
      }
    }
    synchronized (this) {
      // A store that keeps durations holds all this gateway recorded, and others' too; one that holds
      // fewer keeps none (a store without durations) or failed to write them: then what is known here stays.
      Known current = known.get(vendor);
      List<TaskDuration> newest = current == null || read.size() >= current.newest().size() ? read : current.newest();
      known.put(vendor, new Known(newest, now));
      return newest;
    }
  }
}
