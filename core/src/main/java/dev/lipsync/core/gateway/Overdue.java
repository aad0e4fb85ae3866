package dev.lipsync.core.gateway;

import dev.lipsync.core.tracking.PollSchedule;
import java.time.Duration;

/**
 * How a task is followed after its job's deadline passed ({@link JobState#OVERDUE}): the application
 * has its answer, so polls are sparse; they stop when the vendor would have deleted the results.
 */
final class Overdue {
  /** A minute, then doubling to every half hour: a late task is found within a few polls of its end. */
  static final PollSchedule SCHEDULE = new PollSchedule(Duration.ofMinutes(1), 2, Duration.ofMinutes(30), 0.1);
  /** Kling, upstream of every vendor here, deletes results after 30 days. */
  static final Duration RETENTION = Duration.ofDays(30);

  private Overdue() {}
}
