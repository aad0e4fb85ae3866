package dev.lipsync.core.tracking;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock and a timer in one, so that whatever waits reads the same time it is woken by. The library's
 * single scheduler serves every task in flight; tests substitute a {@link ManualScheduler}.
 *
 * <p>Scheduled actions must be short and must not block: they start asynchronous calls and return.
 * Implementations are thread-safe.
 */
public interface TaskScheduler {

  /** The current time. */
  Instant now();

  /** Runs {@code action} once after {@code delay}. */
  Cancellable schedule(Duration delay, Runnable action);

  /** A scheduled action that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the action off if it has not started; does nothing otherwise. */
    void cancel();
  }
}
