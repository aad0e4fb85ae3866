package dev.lipsync.testkit;

import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits for a future while a {@link ManualScheduler}'s time moves on, so that whatever the future
 * depends on (polls, back-offs, timeouts on that scheduler) makes progress. Real time is spent only
 * waiting for loopback I/O, in short bounded slices; no test sleeps.
 */
public final class VirtualTime {
  private static final int MAX_STEPS = 3_000;
  /** How long {@link #await(CompletableFuture, ManualScheduler, BooleanSupplier)} waits for a hang. */
  private static final Duration MAX_REAL_WAIT = Duration.ofSeconds(30);

  private VirtualTime() {}

  /**
   * The future's value, moving {@code clock} on by {@code step} whenever the future is not done after
   * a few milliseconds.
   *
   * @throws RuntimeException the future's failure, unwrapped, if it failed with an unchecked exception
   * @throws AssertionError if it did not complete within the bounded number of steps
   */
  public static <T> T await(CompletableFuture<T> future, ManualScheduler clock, Duration step) {
    for (int i = 0; i < MAX_STEPS; i++) {
      try {
        return future.get(10, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        clock.advance(step);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new AssertionError(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the future did not complete within " + MAX_STEPS + " steps of " + step);
  }

  /**
   * The future's value, moving {@code clock} straight to its next due action whenever nothing else is
   * under way. While {@code busy} says that work outside the clock is in flight (HTTP calls, say), it
   * waits for that work instead of moving the clock: no virtual time passes while a vendor answers, so
   * a timeout on the clock never overtakes a real answer, and minutes of polls pass in milliseconds.
   *
   * <pre>{@code
   * Dispatcher http = client.dispatcher();   // the OkHttp dispatcher every provider calls through
   * LipSyncResult result = VirtualTime.await(handle.result(), clock,
   *     () -> http.runningCallsCount() + http.queuedCallsCount() > 0);
   * }</pre>
   *
   * @throws RuntimeException the future's failure, unwrapped, if it failed with an unchecked exception
   * @throws AssertionError if it did not complete within 30 s of real time: something hangs
   */
  public static <T> T await(CompletableFuture<T> future, ManualScheduler clock, BooleanSupplier busy) {
    long giveUp = System.nanoTime() + MAX_REAL_WAIT.toNanos();
    while (!future.isDone()) {
      if (System.nanoTime() - giveUp > 0) {
        throw new AssertionError("the future did not complete within " + MAX_REAL_WAIT.toSeconds()
            + " s; the clock stands at " + clock.now() + " with " + clock.pendingDelays().size()
            + " action(s) waiting");
      }
      if (!busy.getAsBoolean()) {
        List<Duration> due = clock.pendingDelays();
        if (!due.isEmpty()) {
          clock.advance(due.get(0));
          continue;
        }
      }
      try {
        future.get(1, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Not done yet, or done with a failure that the loop's exit reports.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return await(future, clock, Duration.ZERO);
  }

  /** The exception the future fails with, waiting as {@link #await(CompletableFuture, ManualScheduler, BooleanSupplier)} does. */
  public static Throwable failure(CompletableFuture<?> future, ManualScheduler clock, BooleanSupplier busy) {
    Object value;
    try {
      value = await(future, clock, busy);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure but got " + value);
  }

  /** {@link #await(CompletableFuture, ManualScheduler, Duration)} a second at a time. */
  public static <T> T await(CompletableFuture<T> future, ManualScheduler clock) {
    return await(future, clock, Duration.ofSeconds(1));
  }

  /** The exception the future fails with, unwrapped; an {@link AssertionError} if it succeeds. */
  public static Throwable failure(CompletableFuture<?> future, ManualScheduler clock) {
    Object value;
    try {
      value = await(future, clock);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure but got " + value);
  }
}
