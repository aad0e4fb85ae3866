package dev.lipsync.support;

import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Polls a vendor until something is there, for an adapter whose vendor runs a step as a task of its own
 * (apimodels identifies faces so): asks on a {@link PollSchedule}, on a {@link TaskScheduler} (no thread
 * waits between polls), until the probe answers with a value or the deadline passes.
 *
 * <pre>{@code
 * CompletableFuture<FaceSession> session = PollUntil.on(scheduler, schedule, deadline, context)
 *     .poll(() -> VendorCalls.read(context, () -> api.task(id), answer -> answer.done()
 *         ? PollUntil.Answer.done(Mapper.toCoreSession(answer))
 *         : PollUntil.Answer.notYet(answer.status)));
 * }</pre>
 *
 * What ends polling, and what does not: a rate limit or an outage ({@link LipSyncException#isRetryable()})
 * is polled again, after the vendor's {@code Retry-After} when it gives one; an unreadable answer
 * ({@link ProtocolException}) is polled again unless it is the third in a row; any other failure ends
 * polling with that failure, and the deadline with {@link DeadlineExceededException}, which names the
 * vendor's last word for where the thing stood. Cancelling the
 * returned future stops polling. Immutable and thread-safe; one instance may poll many things.
 */
public final class PollUntil {
  private static final int MAX_UNREADABLE_IN_A_ROW = 3;

  /**
   * What one poll found: the value, or not yet.
   *
   * @param value the value, or null while it is not there
   * @param status the vendor's word for where it stands, if it gave one; named if the deadline passes
   */
  public record Answer<T>(@Nullable T value, @Nullable String status) {
    /** The value is there. */
    public static <T> Answer<T> done(T value) {
      return new Answer<>(Objects.requireNonNull(value, "value == null"), null);
    }

    /** Not yet; {@code status} is the vendor's word for where it stands, if any. */
    public static <T> Answer<T> notYet(@Nullable String status) {
      return new Answer<>(null, status);
    }
  }

  private final TaskScheduler scheduler;
  private final PollSchedule schedule;
  private final Instant deadline;
  private final ErrorContext context;
  private final DoubleSupplier random;

  private PollUntil(
      TaskScheduler scheduler, PollSchedule schedule, Instant deadline, ErrorContext context, DoubleSupplier random) {
    this.scheduler = scheduler;
    this.schedule = schedule;
    this.deadline = deadline;
    this.context = context;
    this.random = random;
  }

  /**
   * Polling on {@code scheduler}, when {@code schedule} says, until {@code deadline}.
   *
   * @param context what a {@link DeadlineExceededException} names: the vendor and the task polled
   */
  public static PollUntil on(TaskScheduler scheduler, PollSchedule schedule, Instant deadline, ErrorContext context) {
    return new PollUntil(
        Objects.requireNonNull(scheduler, "scheduler == null"),
        Objects.requireNonNull(schedule, "schedule == null"),
        Objects.requireNonNull(deadline, "deadline == null"),
        Objects.requireNonNull(context, "context == null"),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The same polling with the schedule's jitter drawn from {@code random} (values in [0, 1)), for tests. */
  public PollUntil random(DoubleSupplier random) {
    return new PollUntil(scheduler, schedule, deadline, context, Objects.requireNonNull(random, "random == null"));
  }

  /**
   * Asks {@code probe} until it answers with a value; the first ask waits the schedule's first delay.
   *
   * @param probe one poll: {@link Answer#done} with the value when it is there, {@link Answer#notYet}
   *     while it is not
   * @return the value; or the failure that ended polling, as the type describes
   */
  public <T> CompletableFuture<T> poll(Supplier<CompletableFuture<Answer<T>>> probe) {
    Run<T> run = new Run<>(Objects.requireNonNull(probe, "probe == null"), scheduler.now());
    run.next(null);
    return run.result;
  }

  /** One thing being polled. */
  private final class Run<T> {
    private final Supplier<CompletableFuture<Answer<T>>> probe;
    private final Instant started;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private int polls;
    private int unreadableInARow;
    private @Nullable String lastStatus;
    private TaskScheduler.@Nullable Cancellable pending;
    private @Nullable CompletableFuture<Answer<T>> asking;

    Run(Supplier<CompletableFuture<Answer<T>>> probe, Instant started) {
      this.probe = probe;
      this.started = started;
      result.whenComplete((value, error) -> {
        if (result.isCancelled()) {
          stop();
        }
      });
    }

    private void next(@Nullable Duration retryAfter) {
      Instant now = scheduler.now();
      Duration left = Duration.between(now, deadline);
      synchronized (this) {
        if (result.isDone()) {
          return;
        }
        if (polls > 0 && (left.isNegative() || left.isZero())) {
          Duration waited = Duration.between(started, now);
          result.completeExceptionally(new DeadlineExceededException(context, waited, lastStatus));
          return;
        }
        pending = scheduler.schedule(schedule.nextDelay(polls, random.getAsDouble(), retryAfter, left), this::ask);
      }
    }

    private void ask() {
      CompletableFuture<Answer<T>> answer;
      synchronized (this) {
        if (result.isDone()) {
          return;
        }
        polls++;
        try {
          answer = probe.get();
        } catch (RuntimeException e) {
          answer = CompletableFuture.failedFuture(e);
        }
        asking = answer;
      }
      answer.whenComplete(this::answered);
    }

    private void answered(@Nullable Answer<T> answer, @Nullable Throwable error) {
      if (error == null && answer != null && answer.value() != null) {
        result.complete(answer.value());
        return;
      }
      if (error == null) {
        synchronized (this) {
          unreadableInARow = 0;
          lastStatus = answer == null ? null : answer.status();
        }
        next(null);
        return;
      }
      Throwable cause = LipSyncException.causeOf(error);
      if (cause instanceof CancellationException) {
        return; // only this class cancels a probe, and only when the result was cancelled
      }
      boolean again;
      synchronized (this) {
        again = cause instanceof LipSyncException failure && failure.isRetryable()
            || cause instanceof ProtocolException && ++unreadableInARow < MAX_UNREADABLE_IN_A_ROW;
      }
      if (again) {
        next(cause instanceof RateLimitedException limited ? limited.retryAfter().orElse(null) : null);
      } else {
        result.completeExceptionally(cause);
      }
    }

    private void stop() {
      TaskScheduler.Cancellable timer;
      CompletableFuture<Answer<T>> call;
      synchronized (this) {
        timer = pending;
        call = asking;
      }
      if (timer != null) {
        timer.cancel();
      }
      if (call != null) {
        call.cancel(false);
      }
    }
  }
}
