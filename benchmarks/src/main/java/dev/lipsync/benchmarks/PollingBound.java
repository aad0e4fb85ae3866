package dev.lipsync.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The fewest status polls with which any polling schedule notices every completion in time, "in
 * time" being within {@code max(2 s, 10 %)} of the task's duration.
 *
 * <p>A task that ends just after a poll at {@code t} is noticed at the next poll, so the next poll may
 * come at most {@code allowance(t)} later. Knowing that no task ends before {@code shortest}, the
 * sparsest schedule that meets the target polls first at {@code shortest + allowance(shortest)} and
 * then each time an allowance after the poll before. It has, for every duration at once, the fewest
 * polls up to the one that notices the end: no schedule that meets the target can do with fewer.
 */
final class PollingBound {
  private static final Duration MIN_ALLOWANCE = Duration.ofSeconds(2);

  private PollingBound() {}

  /** How late a task lasting {@code duration} may be noticed: {@code max(2 s, duration / 10)}. */
  static Duration allowance(Duration duration) {
    Duration tenth = duration.dividedBy(10);
    return tenth.compareTo(MIN_ALLOWANCE) > 0 ? tenth : MIN_ALLOWANCE;
  }

  /** The polls of the sparsest schedule up to the one that notices a task lasting {@code duration}. */
  static int polls(Duration duration, Duration shortest) {
    if (duration.compareTo(shortest) < 0) {
      throw new IllegalArgumentException("duration " + duration + " is shorter than shortest " + shortest);
    }
    Duration poll = shortest.plus(allowance(shortest));
    int polls = 1;
    while (poll.compareTo(duration) < 0) {
      poll = poll.plus(allowance(poll));
      polls++;
    }
    return polls;
  }

  /** The mean of {@link #polls} over {@code durations}, none shorter than {@code shortest}. */
  static double meanPolls(List<Duration> durations, Duration shortest) {
    return durations.stream().mapToInt(d -> polls(d, shortest)).average().orElseThrow();
  }
}
