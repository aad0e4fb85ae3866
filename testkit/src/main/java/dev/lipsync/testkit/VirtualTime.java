package dev.lipsync.testkit;

import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a future while a {@link ManualScheduler}'s time moves on, so that whatever the future
 * depends on (polls, back-offs, timeouts on that scheduler) makes progress. Real time is spent only
 * waiting for loopback I/O, in short bounded slices; no test sleeps.
 */
public final class VirtualTime {
  private static final int MAX_STEPS = 3_000;

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
