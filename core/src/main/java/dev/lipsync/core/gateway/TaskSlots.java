package dev.lipsync.core.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's tasks in flight at one vendor, at most {@code limit} at once ({@link
 * ResilienceSettings#maxTasksInFlight()}): a job takes a slot before its submit and gives it back when
 * its task ends (or when no task was made); a job that finds none free waits for one, first come first
 * served. Kling counts tasks in flight per account and refuses more with 1303; waiting here costs nothing
 * and keeps the order.
 *
 * <p>Written here rather than with Failsafe's {@code Bulkhead}: a bulkhead's permit is waited for by
 * blocking a thread and held for one execution, while a slot here is held for minutes across
 * asynchronous tracking, and its waiters hold no thread. Thread-safe.
 */
final class TaskSlots {
  /** No limit: every slot is free at once. */
  static final int UNLIMITED = 0;

  private final int limit;
  private final Deque<CompletableFuture<Slot>> waiting = new ArrayDeque<>();
  private int inFlight;

  TaskSlots(int limit) {
    this.limit = limit;
  }

  /**
   * A slot, now when one is free (or there is no limit), else once the jobs waiting before this one
   * have theirs. Cancelling the answer gives up the place in the queue.
   */
  synchronized CompletableFuture<Slot> acquire() {
    if (limit == UNLIMITED || (inFlight < limit && waiting.isEmpty())) {
      inFlight++;
      return CompletableFuture.completedFuture(new Slot());
    }
    CompletableFuture<Slot> place = new CompletableFuture<>();
    waiting.add(place);
    return place;
  }

  /**
   * A slot taken whatever the limit: for a task that exists already (taken over after a restart), which
   * counts at the vendor whether or not a slot was free.
   */
  synchronized Slot occupy() {
    inFlight++;
    return new Slot();
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized int waiting() {
    return (int) waiting.stream().filter(place -> !place.isDone()).count();
  }

  int limit() {
    return limit;
  }

  private void release() {
    CompletableFuture<Slot> next;
    synchronized (this) {
      inFlight--;
      // A task taken over past the limit (occupy) frees no slot for a waiter.
      if (limit != UNLIMITED && inFlight >= limit) {
        return;
      }
      next = nextWaiting();
      if (next == null) {
        return;
      }
      inFlight++;
    }
    // Completed outside the lock: the waiter goes on to its submit on this thread.
    if (!next.complete(new Slot())) {
      // Given up just now: the slot goes to whoever is next.
      release();
    }
  }

  private CompletableFuture<Slot> nextWaiting() {
    CompletableFuture<Slot> next;
    while ((next = waiting.poll()) != null) {
      if (!next.isDone()) {
        return next;
      }
    }
    return null;
  }

  /** One slot taken; {@link #release()} gives it back, once however often it is called. */
  final class Slot {
    private final AtomicBoolean held = new AtomicBoolean(true);

    void release() {
      if (held.compareAndSet(true, false)) {
        TaskSlots.this.release();
      }
    }
  }
}
