package dev.lipsync.core.gateway;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.tracking.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task being tracked. Polls {@linkplain #offer(TaskSnapshot) offer} snapshots, and callbacks
 * {@linkplain #hint(TaskSnapshot) hint} at them (a terminal state is confirmed by a status call first);
 * the state only moves forward, so a late or repeated {@code RUNNING} after {@code SUCCEEDED}, or a
 * {@code QUEUED} after {@code RUNNING}, changes nothing. {@link #result()} completes with the first
 * terminal snapshot.
 *
 * <p>The {@code onChange} listener hears the task's progress in order, one call at a time, never
 * before {@link #start(Runnable)}'s announcement has run and never a state older than one it was told:
 * a poll and a callback answering at once on two threads cannot reach it out of order. Thread-safe.
 */
final class Tracking {
  private static final Logger log = LoggerFactory.getLogger(Tracking.class);

  private final TaskRef ref;
  private final Function<TaskRef, CompletableFuture<TaskSnapshot>> status;
  private final Consumer<TaskSnapshot> onChange;
  private final Polling<TaskSnapshot> polling;
  /** Held while the announcement runs and while {@code onChange} is told, so they never overlap. */
  private final Object delivery = new Object();
  private final AtomicBoolean started = new AtomicBoolean();
  private @Nullable TaskSnapshot latest;
  /** The last snapshot {@code onChange} was told of; guarded by {@link #delivery}. */
  private @Nullable TaskSnapshot delivered;
  /** Whether the announcement has run, so news may be told; guarded by {@link #delivery}. */
  private boolean announced;
  /** The status call confirming a callback's terminal state, while one runs; shared by repeats. */
  private @Nullable CompletableFuture<CallbackVerdict> confirming;
  private final TaskTracker tracker;
  /** When the last poll that found the task not ended was sent; null before one did. */
  private @Nullable Instant lastPending;
  /** About when the task ended, as far as this tracking saw; null until it saw an end. */
  private @Nullable Instant endedAround;

  Tracking(
      TaskTracker tracker,
      TaskRef ref,
      Function<TaskRef, CompletableFuture<TaskSnapshot>> status,
      PollSchedule schedule,
      @Nullable PollPlacement placement,
      Instant deadline,
      Consumer<TaskSnapshot> onChange) {
    this.tracker = tracker;
    this.ref = Objects.requireNonNull(ref, "ref == null");
    this.status = Objects.requireNonNull(status, "status == null");
    this.onChange = Objects.requireNonNull(onChange, "onChange == null");
    this.polling =
        tracker.newPolling(
            ErrorContext.of(ref.vendor()).withTaskRef(ref),
            this::poll,
            schedule,
            placement,
            deadline);
  }

  /**
   * Starts polling, after running {@code announce}: what must happen before anyone can hear of the
   * task (registering it for callbacks, telling listeners it exists). A snapshot offered before or
   * while the announcement runs reaches {@code onChange} only after it.
   *
   * @throws IllegalStateException if tracking was started before
   */
  void start(Runnable announce) {
    Objects.requireNonNull(announce, "announce == null");
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("tracking of " + ref + " was started before");
    }
    synchronized (delivery) {
      announce.run();
      announced = true;
      deliver();
    }
    polling.start();
  }

  /** The task tracked. */
  TaskRef ref() {
    return ref;
  }

  /** Completes with the task's terminal snapshot, or with the error that ended tracking. */
  CompletableFuture<TaskSnapshot> result() {
    return polling.result();
  }

  /** The most advanced snapshot seen so far. */
  synchronized Optional<TaskSnapshot> latest() {
    return Optional.ofNullable(latest);
  }

  /** How many status polls were started. */
  int polls() {
    return polling.polls();
  }

  /**
   * About when the task ended, if a poll or a confirmed callback of this tracking saw it end: for a
   * poll, the midpoint between the last poll that found it under way and the one that found it ended
   * (the end lies somewhere between them, and the midpoint is off by at most half their gap, either
   * way, where the finding poll's time alone would always be late); the finding poll's time when no
   * poll found it under way (all that is known is that it ended by then, and a midpoint with the
   * submit would make a task that was simply first polled late look far quicker than it was); for a
   * callback, its arrival, as a vendor calls back when the task ends.
   */
  synchronized Optional<Instant> endedAround() {
    return Optional.ofNullable(endedAround);
  }

  private CompletableFuture<Poll<TaskSnapshot>> poll() {
    Instant sent = tracker.scheduler().now();
    return status.apply(ref).thenApply(snapshot -> {
      synchronized (this) {
        Instant pending = lastPending;
        if (!snapshot.state().isTerminal()) {
          lastPending = pending == null || sent.isAfter(pending) ? sent : pending;
        } else if (endedAround == null) {
          endedAround = pending == null ? sent : pending.plus(Duration.between(pending, sent).dividedBy(2));
        }
      }
      return accept(snapshot);
    });
  }

  /**
   * Takes a snapshot that is trusted (a status answer the gateway asked for). A terminal one ends
   * tracking at once, without waiting for the next poll; one that would move the state backwards is
   * ignored. A callback's snapshot goes to {@link #hint} instead.
   *
   * @throws IllegalArgumentException if the snapshot is about another task
   */
  void offer(TaskSnapshot snapshot) {
    if (!snapshot.ref().equals(ref)) {
      throw new IllegalArgumentException("snapshot of " + snapshot.ref() + " offered to " + ref);
    }
    accept(snapshot);
  }

  /**
   * Takes a callback's snapshot as what it is, a hint: no vendor signs its callbacks, so anyone who
   * learns a task's id and the callback URL can post one. Progress is taken as it is (it only moves the
   * state forward, and pays nothing); a terminal state is believed only once one status call at the
   * vendor confirms it, and then the vendor's answer, not the callback's, ends tracking. A callback the
   * status call contradicts changes nothing but what the status call said, and is logged. Callbacks
   * that arrive while a confirmation runs share it.
   *
   * @return what became of the callback, once known; never fails
   * @throws IllegalArgumentException if the snapshot is about another task
   */
  CompletableFuture<CallbackVerdict> hint(TaskSnapshot snapshot) {
    if (!snapshot.ref().equals(ref)) {
      throw new IllegalArgumentException("snapshot of " + snapshot.ref() + " offered to " + ref);
    }
    if (!snapshot.state().isTerminal()) {
      accept(snapshot);
      return CompletableFuture.completedFuture(CallbackVerdict.PROGRESS);
    }
    if (polling.result().isDone()) {
      return CompletableFuture.completedFuture(CallbackVerdict.ENDED);
    }
    CompletableFuture<CallbackVerdict> check;
    boolean first = false;
    synchronized (this) {
      if (confirming == null || confirming.isDone()) {
        confirming = new CompletableFuture<>();
        first = true;
      }
      check = confirming;
    }
    if (first) {
      confirm(snapshot, check, tracker.scheduler().now());
    }
    return check;
  }

  private void confirm(TaskSnapshot claimed, CompletableFuture<CallbackVerdict> verdict, Instant arrived) {
    CompletableFuture<TaskSnapshot> asked;
    try {
      asked = status.apply(ref);
    } catch (RuntimeException e) {
      asked = CompletableFuture.failedFuture(e);
    }
    asked.whenComplete((confirmed, error) -> {
      if (error != null) {
        log.info("A callback said {} is {}; the status call to confirm it failed ({}), so polling goes on",
            ref, claimed.state(), LipSyncException.causeOf(error).getMessage());
        verdict.complete(CallbackVerdict.UNCONFIRMED);
        return;
      }
      boolean agrees = confirmed.state() == claimed.state();
      if (!agrees) {
        log.warn("A callback said {} is {}, but the vendor says {}: the callback is not believed",
            ref, claimed.state(), confirmed.state());
      }
      if (agrees) {
        synchronized (this) {
          if (endedAround == null) {
            endedAround = arrived;
          }
        }
      }
      verdict.complete(agrees ? CallbackVerdict.CONFIRMED : CallbackVerdict.CONTRADICTED);
      accept(confirmed);
    });
  }

  /**
   * Tells {@code listener} of every failed status poll after which tracking goes on; set it before
   * {@link #start(Runnable)} to hear of the first.
   */
  void onRetry(Consumer<Throwable> listener) {
    polling.onRetry(listener);
  }

  /** Stops tracking (the vendor's task is not touched). */
  void cancel() {
    polling.cancel();
  }

  private Poll<TaskSnapshot> accept(TaskSnapshot snapshot) {
    TaskSnapshot current;
    boolean changed;
    synchronized (this) {
      if (latest == null || latest.state().canMoveTo(snapshot.state())) {
        changed = latest == null || differs(latest, snapshot);
        latest = snapshot;
      } else {
        changed = false;
        log.debug("Ignored {} for {}: the task is already {}", snapshot.state(), ref, latest.state());
      }
      current = latest;
    }
    if (changed) {
      deliver();
    }
    if (current.state().isTerminal()) {
      polling.complete(current);
      return Poll.done(current);
    }
    return Poll.pending(current.rawStatus());
  }

  /**
   * Tells {@code onChange} of the most advanced snapshot, unless it was told of that one already. Two
   * threads that both saw a change deliver in turn; the second finds nothing newer and stays quiet.
   * Before the announcement nothing is told; {@link #start(Runnable)} tells what arrived meanwhile.
   */
  private void deliver() {
    synchronized (delivery) {
      TaskSnapshot next;
      synchronized (this) {
        next = latest;
      }
      if (!announced || next == null || delivered != null && !differs(delivered, next)) {
        return;
      }
      delivered = next;
      onChange.accept(next);
    }
  }

  private static boolean differs(TaskSnapshot told, TaskSnapshot next) {
    return told.state() != next.state() || !Objects.equals(told.rawStatus(), next.rawStatus());
  }
}
