package dev.lipsync.core.gateway;

import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One thing being polled until it is done: asks the probe on the {@link PollSchedule} (or, for a task
 * whose end is expected, where its placement puts the polls), and completes
 * {@link #result()} with the awaited value, with the first error that polling again cannot mend, or
 * with {@link DeadlineExceededException} when the deadline passes first.
 *
 * <p>What a failed poll means is the failure policy's status row: rate limits and outages do not end
 * polling (the next poll waits at least the vendor's {@code Retry-After}); neither does one unreadable
 * answer, though three in a row do. A value can also arrive from outside, by {@link #complete(Object)},
 * as a callback delivers it. Thread-safe.
 *
 * <p>The gateway tracks tasks so; an adapter polls a step its vendor runs as a task of its own with
 * {@link #until}, and so decides about failed polls exactly as the tracking does.
 *
 * @param <T> the awaited value
 */
public final class Polling<T> {
  private static final int MAX_UNREADABLE_IN_A_ROW = 3;

  private final TaskScheduler scheduler;
  private final DoubleSupplier random;
  private final ErrorContext context;
  private final Supplier<CompletableFuture<Poll<T>>> probe;
  private final PollSchedule schedule;
  /** Where polls go instead of on {@link #schedule}, when the task's end is expected; or null. */
  private final @Nullable PollPlacement placement;
  private final Instant started;
  private final Instant deadline;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  private int polls;
  private int unreadableInARow;
  private @Nullable String lastStatus;
  private TaskScheduler.@Nullable Cancellable next;
  private @Nullable CompletableFuture<Poll<T>> asking;
  /** Whether a thread is inside {@link #poll()}: an answer given at once must not poll again inline. */
  private boolean probing;
  private volatile Consumer<Throwable> onRetry = error -> {};

  Polling(
      TaskScheduler scheduler,
      DoubleSupplier random,
      ErrorContext context,
      Supplier<CompletableFuture<Poll<T>>> probe,
      PollSchedule schedule,
      @Nullable PollPlacement placement,
      Instant deadline) {
    this.scheduler = scheduler;
    this.random = random;
    this.context = context;
    this.probe = probe;
    this.schedule = schedule;
    this.placement = placement;
    this.started = scheduler.now();
    this.deadline = deadline;
  }

  /**
   * Polls {@code probe} on {@code scheduler}, when {@code schedule} says, until it answers {@link
   * Poll#done} or {@code deadline} passes; the first poll waits the schedule's first delay.
   * Cancelling the returned future stops polling and cancels the poll in flight.
   *
   * <pre>{@code
   * CompletableFuture<FaceSession> session = Polling.until(scheduler, schedule, deadline,
   *     ErrorContext.of(ID).withTaskRef(task), ThreadLocalRandom.current()::nextDouble,
   *     () -> VendorCalls.read(context, () -> api.task(id), answer -> answer.done()
   *         ? Poll.done(Mapper.toCoreSession(answer)) : Poll.pending(answer.status)));
   * }</pre>
   *
   * @param context what a {@link DeadlineExceededException} names: the vendor and the task polled
   * @param random the schedule's jitter, values in [0, 1)
   * @return the value; or the failure that ended polling, as the type describes
   */
  public static <T> CompletableFuture<T> until(
      TaskScheduler scheduler,
      PollSchedule schedule,
      Instant deadline,
      ErrorContext context,
      DoubleSupplier random,
      Supplier<CompletableFuture<Poll<T>>> probe) {
    Polling<T> polling = new Polling<>(
        Objects.requireNonNull(scheduler, "scheduler == null"),
        Objects.requireNonNull(random, "random == null"),
        Objects.requireNonNull(context, "context == null"),
        Objects.requireNonNull(probe, "probe == null"),
        Objects.requireNonNull(schedule, "schedule == null"),
        null,
        Objects.requireNonNull(deadline, "deadline == null"));
    CompletableFuture<T> result = new CompletableFuture<>();
    result.whenComplete((value, error) -> {
      if (result.isCancelled()) {
        polling.cancel();
      }
    });
    polling.result().whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(value);
      }
    });
    polling.start();
    return result;
  }

  void start() {
    scheduleNext(null);
  }

  /** Completes with the awaited value, or with the error that ended polling. */
  CompletableFuture<T> result() {
    return result;
  }

  /**
   * Tells {@code listener} of every failed poll after which polling goes on (a rate limit, an outage,
   * an unreadable answer), before the next poll is scheduled.
   */
  void onRetry(Consumer<Throwable> listener) {
    this.onRetry = Objects.requireNonNull(listener, "listener == null");
  }

  /** How many polls were started so far. */
  synchronized int polls() {
    return polls;
  }

  /** Ends polling with a value that arrived another way; ignored once polling has ended. */
  void complete(T value) {
    finish(() -> result.complete(value));
  }

  /** Stops polling and cancels the poll in flight; the result fails with {@link CancellationException}. */
  void cancel() {
    finish(() -> result.completeExceptionally(new CancellationException("polling cancelled")));
    CompletableFuture<Poll<T>> call;
    synchronized (this) {
      call = asking;
    }
    if (call != null) {
      call.cancel(false);
    }
  }

  private void finish(Runnable completion) {
    TaskScheduler.Cancellable pending;
    synchronized (this) {
      pending = next;
      next = null;
    }
    if (pending != null) {
      pending.cancel();
    }
    completion.run();
  }

  private void poll() {
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      polls++;
      probing = true;
    }
    try {
      CompletableFuture<Poll<T>> answer;
      try {
        answer = probe.get();
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      synchronized (this) {
        asking = answer;
      }
      if (result.isCancelled()) {
        answer.cancel(false); // cancelled while the probe started: cancel() could not see this call
      }
      answer.whenComplete(this::handle);
    } finally {
      synchronized (this) {
        probing = false;
      }
    }
  }

  private void handle(@Nullable Poll<T> poll, @Nullable Throwable error) {
    if (result.isDone()) {
      return;
    }
    if (error != null) {
      handleError(LipSyncException.causeOf(error));
      return;
    }
    if (poll instanceof Poll.Done<T> done) {
      complete(done.value());
      return;
    }
    synchronized (this) {
      unreadableInARow = 0;
      lastStatus = ((Poll.Pending<T>) poll).status();
    }
    scheduleNext(null);
  }

  private void handleError(Throwable error) {
    FailurePolicy.Decision decision = FailurePolicy.afterStatusCall(error);
    // An unreadable answer is polled past a few times in a row, then the decision's spent one holds.
    boolean pollAgain = decision.next() == FailurePolicy.Next.POLL_AGAIN
        && (decision.spent() == FailurePolicy.Next.POLL_AGAIN || unreadable() < MAX_UNREADABLE_IN_A_ROW);
    if (!pollAgain) {
      finish(() -> result.completeExceptionally(error));
      return;
    }
    onRetry.accept(error);
    scheduleNext(error instanceof RateLimitedException limited ? limited.retryAfter().orElse(null) : null);
  }

  private synchronized int unreadable() {
    return ++unreadableInARow;
  }

  /**
   * Schedules the next poll, or makes it at once on this thread when it is due now: a poll only starts
   * an asynchronous call, and a hop to the scheduler's thread and back would cost each poll of a
   * schedule without delays two context switches (as {@link FailsafeScheduler} runs Failsafe's
   * undelayed work). An answer the probe gave at once, while {@link #poll()} is still on the stack,
   * goes to the scheduler instead, so a probe that always answers at once cannot recurse.
   */
  private void scheduleNext(@Nullable Duration retryAfter) {
    Instant now = scheduler.now();
    Duration untilDeadline = Duration.between(now, deadline);
    boolean pollNow;
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      if (polls > 0 && (untilDeadline.isNegative() || untilDeadline.isZero())) {
        String status = lastStatus;
        result.completeExceptionally(
            new DeadlineExceededException(context, Duration.between(started, now), status));
        return;
      }
      Duration delay = placement != null
          ? placement.nextDelay(now, random.getAsDouble(), retryAfter, untilDeadline)
          : schedule.nextDelay(polls, random.getAsDouble(), retryAfter, untilDeadline);
      pollNow = delay.isZero() && !probing;
      if (!pollNow) {
        next = scheduler.schedule(delay, this::poll);
      }
    }
    if (pollNow) {
      poll();
    }
  }
}
