package dev.lipsync.cli;

import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.tracking.PollSchedule;
import java.time.Duration;

/**
 * How fast {@code lipsync demo} goes: at a pace a person can follow, or at once (for tests, which must
 * not wait on the wall clock).
 *
 * @param polls the poll schedule of the demo's jobs
 * @param resilience retries and backoff; the demo's failover retries a failing vendor first
 */
record DemoPace(PollSchedule polls, ResilienceSettings resilience) {
  /** About a second per job: polls 300 ms apart, retries 200 ms apart. */
  static final DemoPace HUMAN = new DemoPace(
      new PollSchedule(Duration.ofMillis(300), 1.5, Duration.ofSeconds(1), 0.2),
      ResilienceSettings.builder().firstBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofMillis(400)).build());

  /** As good as no waiting: polls at once (the simulators answer from memory), retries 1 ms apart. */
  static final DemoPace IMMEDIATE = new DemoPace(
      new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0),
      ResilienceSettings.builder().firstBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).jitter(0).build());
}
