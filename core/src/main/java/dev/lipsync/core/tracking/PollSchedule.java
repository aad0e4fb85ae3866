package dev.lipsync.core.tracking;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When to ask a vendor again how a task stands: a first delay, growing by a factor after each poll up
 * to a cap, with random jitter so that many tasks started together do not poll in step. A vendor's
 * {@code Retry-After} stretches the next delay, and no poll is ever scheduled past the deadline.
 *
 * <p>The {@code n}-th delay (from 0) is {@code min(cap, first × factor^n)}, shortened by a random
 * fraction of at most {@code jitter}: it lies in {@code [d × (1 − jitter), d]}, so the cap is never
 * exceeded.
 *
 * @param firstDelay the delay before the first poll
 * @param factor how much each delay grows over the one before, at least 1
 * @param maxDelay the longest delay between two polls
 * @param jitter the largest fraction by which a delay is shortened at random, 0 to 1
 */
public record PollSchedule(Duration firstDelay, double factor, Duration maxDelay, double jitter) {

  public PollSchedule {
    Objects.requireNonNull(firstDelay, "firstDelay == null");
    Objects.requireNonNull(maxDelay, "maxDelay == null");
    if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= firstDelay <= maxDelay, got " + firstDelay + " and " + maxDelay);
    }
    if (!(factor >= 1)) {
      throw new IllegalArgumentException("factor must be at least 1, got " + factor);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
  }

  /**
   * The default for lip-sync tasks, which take minutes: first poll after 5 s, growing by half each
   * time, at most 30 s apart, with 20 % jitter.
   */
  public static PollSchedule defaults() {
    return new PollSchedule(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30), 0.2);
  }

  /** The same schedule starting from another first delay (the cap grows with it if needed). */
  public PollSchedule withFirstDelay(Duration firstDelay) {
    return new PollSchedule(
        firstDelay, factor, maxDelay.compareTo(firstDelay) < 0 ? firstDelay : maxDelay, jitter);
  }

  /**
   * The delay before poll number {@code polls + 1}.
   *
   * @param polls how many polls were made so far
   * @param random a number in [0, 1) that picks the jitter
   */
  public Duration delay(int polls, double random) {
    double base = TaskScheduler.nanos(firstDelay) * Math.pow(factor, Math.max(0, polls));
    double capped = Math.min(base, TaskScheduler.nanos(maxDelay));
    return Duration.ofNanos((long) (capped * (1 - jitter * random)));
  }

  /**
   * The delay before the next poll, also honouring the vendor's {@code Retry-After} and the deadline.
   *
   * @param polls how many polls were made so far
   * @param random a number in [0, 1) that picks the jitter
   * @param retryAfter the delay the vendor asked for, or null
   * @param untilDeadline the time left before the deadline
   */
  public Duration nextDelay(
      int polls, double random, @Nullable Duration retryAfter, Duration untilDeadline) {
    Duration delay = delay(polls, random);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    if (untilDeadline.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(untilDeadline) > 0 ? untilDeadline : delay;
  }
}
