package dev.lipsync.kling;

import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} reading a test's scheduler, so tokens are dated by the time the simulator checks. */
final class SchedulerClock extends Clock {
  private final TaskScheduler scheduler;

  SchedulerClock(TaskScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return scheduler.now();
  }
}
