package dev.lipsync.examples;

import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The simulators for one test, on a scheduler whose polls run at once (the simulators answer from
 * memory, so nothing waits on the clock), and a stream catching what an example prints.
 */
final class Sandbox implements AutoCloseable {
  /** Polls at once, again and again, until the task ends. */
  static final PollSchedule AT_ONCE = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);
  /** Polls after an hour: never, during a test, so only a callback can end a task. */
  static final PollSchedule HOURLY = new PollSchedule(Duration.ofHours(1), 1, Duration.ofHours(1), 0);

  final SystemScheduler scheduler = new SystemScheduler();
  final Simulators simulators = Simulators.start(scheduler);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  /** The simulators, every poll at once. */
  Vendors vendors() {
    return vendors(AT_ONCE);
  }

  /** The simulators, tasks polled on {@code taskPolls}, apimodels' identification at once. */
  Vendors vendors(PollSchedule taskPolls) {
    return Vendors.simulated(simulators, scheduler, taskPolls, AT_ONCE);
  }

  /** What the example printed so far. */
  String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    simulators.close();
    scheduler.close();
  }
}
