package dev.lipsync.core.gateway;

import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Polls placed around a task's {@linkplain ExpectedEnd expected end}, instead of on a fixed schedule
 * from its start: where tasks of its vendor and length end, and closely enough there that the end is
 * noticed within {@code max(2 s, 10 %)} of the task's age.
 *
 * <ol>
 *   <li>The first poll at about {@link ExpectedEnd#low()}: before it, few such tasks end, and a
 *       callback, when the vendor sends one, is the fast path anyway.
 *   <li>Then, until {@link ExpectedEnd#high()}, polls at most {@code max(2 s, 10 %)} of the task's age
 *       apart: a task that ends between two of them is noticed within that share of its duration.
 *   <li>After it, the fallback schedule's growth: each delay the factor longer than the one before, up to
 *       its cap (or the last delay, if that was longer): the safety net for a task far slower than its
 *       vendor's recent ones.
 * </ol>
 *
 * The jitter of the fallback schedule shortens each delay by a random share (the first poll moves
 * earlier by at most that share of one gap), so tasks started together do not poll in step, and never
 * pushes a poll past the allowance. A vendor's {@code Retry-After} lengthens a delay, and no poll is
 * placed past the deadline. One placement serves one task; it remembers its last delay. Not
 * thread-safe: {@link Polling} asks it under its own lock.
 */
final class PollPlacement {
  /** The share of a task's age that its end may go unnoticed. */
  static final double ALLOWANCE = 0.1;
  /** The shortest allowance, for young tasks. */
  static final Duration MIN_GAP = Duration.ofSeconds(2);

  private final Instant start;
  private final ExpectedEnd expected;
  private final PollSchedule fallback;
  private @Nullable Duration lastDelay;

  /**
   * @param start when the task was submitted: the expected end counts from it
   * @param fallback the schedule whose jitter, factor and cap are used, and whose growth takes over
   *     after the expected end
   */
  PollPlacement(Instant start, ExpectedEnd expected, PollSchedule fallback) {
    this.start = Objects.requireNonNull(start, "start == null");
    this.expected = Objects.requireNonNull(expected, "expected == null");
    this.fallback = Objects.requireNonNull(fallback, "fallback == null");
  }

  /**
   * The delay before the next poll.
   *
   * @param now the time on the scheduler's clock
   * @param random a number in [0, 1) that picks the jitter
   * @param retryAfter the delay the vendor asked for, or null
   * @param untilDeadline the time left before the deadline
   */
  Duration nextDelay(Instant now, double random, @Nullable Duration retryAfter, Duration untilDeadline) {
    Duration age = Duration.between(start, now);
    double jitter = fallback.jitter() * random;
    Duration delay;
    Duration firstAt = expected.low().minus(scaled(gap(expected.low()), jitter));
    if (age.compareTo(firstAt) < 0) {
      delay = firstAt.minus(age); // the wait for the first poll is no gap between polls: not remembered
    } else {
      if (age.compareTo(expected.high()) < 0 || lastDelay == null) {
        delay = scaled(gap(age), 1 - jitter);
      } else {
        Duration cap = max(fallback.maxDelay(), lastDelay);
        Duration grown = scaled(lastDelay, fallback.factor());
        delay = scaled(grown.compareTo(cap) > 0 ? cap : grown, 1 - jitter);
      }
      // The growth after the expected end goes on from the delay placed, not from one a vendor's
      // Retry-After forced.
      lastDelay = delay;
    }
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    if (untilDeadline.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(untilDeadline) > 0 ? untilDeadline : delay;
  }

  /**
   * The longest a task of {@code age} may go unnoticed: {@code max(2 s, 10 %)} of it. The 2 s floor is
   * the fallback schedule's cap where that is shorter: a gateway told to poll at most that far apart
   * (polls back to back, in a test or a benchmark) is never made to wait 2 s between polls by what it
   * learnt.
   */
  Duration gap(Duration age) {
    Duration floor = fallback.maxDelay().compareTo(MIN_GAP) < 0 ? fallback.maxDelay() : MIN_GAP;
    return max(floor, scaled(age, ALLOWANCE));
  }

  private static Duration scaled(Duration duration, double by) {
    return Duration.ofNanos((long) (TaskScheduler.nanos(duration) * by));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
