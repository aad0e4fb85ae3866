package dev.lipsync.core.gateway;

import dev.failsafe.spi.Scheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Failsafe's {@link Scheduler} on core's {@link TaskScheduler}, so that retry delays and rate-limit
 * waits run on the library's one scheduler (and on a {@link
 * dev.lipsync.core.tracking.ManualScheduler} in tests).
 *
 * <p>Work without a delay runs at once on the calling thread instead of being queued: Failsafe asks
 * for that to start every execution, and the call it starts only begins an asynchronous request.
 * Running it inline keeps the first attempt on the caller's thread (as a direct call would be), keeps
 * the single scheduler thread free for timed work, and lets a test see the vendor called without
 * moving its clock. Thread-safe.
 */
final class FailsafeScheduler implements Scheduler {
  private final TaskScheduler scheduler;

  FailsafeScheduler(TaskScheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    Duration wait = Duration.ofNanos(Math.max(0, unit.toNanos(delay)));
    Task task = new Task(callable, scheduler.now().plus(wait));
    if (wait.isZero()) {
      task.run();
    } else {
      task.scheduled(scheduler.schedule(wait, task));
    }
    return task;
  }

  /** One piece of scheduled work; cancelling it also takes it off the scheduler. */
  private final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
    private final Instant due;
    private volatile TaskScheduler.@Nullable Cancellable cancellable;

    @SuppressWarnings("unchecked")
    Task(Callable<?> callable, Instant due) {
      super((Callable<Object>) callable);
      this.due = due;
    }

    void scheduled(TaskScheduler.Cancellable cancellable) {
      this.cancellable = cancellable;
      if (isCancelled()) {
        cancellable.cancel();
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      TaskScheduler.Cancellable current = cancellable;
      if (current != null) {
        current.cancel();
      }
      return cancelled;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(scheduler.now(), due));
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
