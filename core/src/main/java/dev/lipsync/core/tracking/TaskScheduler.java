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

  /**
   * {@code delay} in nanoseconds, saturating instead of overflowing: a delay of centuries (a poll
   * interval of {@code 3000000h}) is {@link Long#MAX_VALUE} nanoseconds, and a negative one is 0. For
   * implementations and schedules, which must never throw from inside a scheduled callback.
   */
  static long nanos(Duration delay) {
    if (delay.isNegative()) {
      return 0;
    }
    try {
      return delay.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
