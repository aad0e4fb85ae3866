package dev.lipsync.testkit;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

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
   * Whether {@code client} has a call under way: running, or queued behind its dispatcher's limits. The
   * {@code busy} of {@link #await(CompletableFuture, ManualScheduler, BooleanSupplier)} for providers
   * built on {@code client} (every vendor builder takes one), or on a client derived from it, which
   * keeps its dispatcher. OkHttp counts a call as running until its callback has returned, so the
   * continuation that sends the next call or schedules the next poll has done so before this turns
   * false.
   */
  public static BooleanSupplier callsInFlight(OkHttpClient client) {
    Dispatcher dispatcher = client.dispatcher();
    return () -> dispatcher.runningCallsCount() + dispatcher.queuedCallsCount() > 0;
  }

  /**
   * The future's value, moving {@code clock} on by {@code step} whenever the future is not done after
   * a few milliseconds.
   *
   * <p>Only for futures that no real I/O stands behind: this moves the clock whether or not an answer
   * is on its way, so on a loaded machine a timeout on the clock can overtake a loopback answer. Wait
   * for HTTP with {@link #await(CompletableFuture, ManualScheduler, BooleanSupplier)}.
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
        Throwable cause = LipSyncException.causeOf(e);
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new AssertionError(cause);
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
    run(future::isDone, future, clock, busy);
    return await(future, clock, Duration.ZERO);
  }

  /**
   * Moves {@code clock} as {@link #await(CompletableFuture, ManualScheduler, BooleanSupplier)} does
   * until {@code condition} holds while nothing is {@code busy}: for a test that must stop at a point
   * of a flow no future marks, say after the second poll has been answered. The condition is read only
   * while nothing is under way, so what it sees stays put until the clock moves again; with a condition
   * that always holds, this waits for the work under way to end without moving the clock.
   *
   * @throws AssertionError if the condition does not hold within 30 s of real time
   */
  public static void until(BooleanSupplier condition, ManualScheduler clock, BooleanSupplier busy) {
    run(() -> !busy.getAsBoolean() && condition.getAsBoolean(), null, clock, busy);
  }

  private static void run(BooleanSupplier done, CompletableFuture<?> future, ManualScheduler clock,
      BooleanSupplier busy) {
    long giveUp = System.nanoTime() + MAX_REAL_WAIT.toNanos();
    CompletableFuture<?> slice = future != null ? future : new CompletableFuture<>();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - giveUp > 0) {
        throw new AssertionError("the wait did not end within " + MAX_REAL_WAIT.toSeconds()
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
        // A short real wait for the work under way (or for the future, which may end it sooner).
        slice.get(1, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Not done yet, or done with a failure that the caller reports.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
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
