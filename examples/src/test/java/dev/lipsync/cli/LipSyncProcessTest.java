package dev.lipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.examples.Simulators;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.TaskScript;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The {@code lipsync} command as a separate process, against the simulators in this JVM: what it leaves
 * on standard error when it is stopped during the paid submit, and that the library's own log lines
 * are masked as its output is. Each wait reads the process's streams, bounded in time.
 */
@Timeout(180)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is SIGTERM on Unix only")
class LipSyncProcessTest {
  private static final String VIDEO = "https://example.com/interview.mp4";
  /** A cold JVM on a busy machine: generous, and never waited for unless something is wrong. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final SystemScheduler clock = new SystemScheduler();
  private final Simulators simulators = Simulators.start(clock);

  @AfterEach
  void stop() {
    simulators.close();
    clock.close();
  }

  private CommandProcess lipsync(Map<String, String> env, String... args) {
    return CommandProcess.start(env, args);
  }

  @Test
  void should_name_the_vendor_and_key_before_the_paid_submit_and_again_when_terminated_during_it()
      throws InterruptedException {
    // The vendor creates the task and never answers: only the key can find it.
    simulators.cometapi().inject(Endpoint.SUBMIT, Fault.afterHandling(Fault.noAnswer()));

    try (CommandProcess run = lipsync(simulators.environment(), "run", "--video-url", VIDEO,
        "--audio-url", simulators.cometapi().audioUrl(), "--vendor", "cometapi",
        "--idempotency-key", "job-sigterm-1", "--poll-interval", "0ms", "--json")) {
      String submitting = run.awaitLine("submitting to cometapi", PATIENCE);
      run.terminate(PATIENCE);

      assertThat(submitting).contains("submitting to cometapi with idempotency key job-sigterm-1");
      assertThat(run.err()).as(run.toString())
          .contains("lipsync run: interrupted while submitting to cometapi with idempotency key job-sigterm-1:"
              + " a paid task may exist there");
      assertThat(run.out()).as("standard output holds nothing but a finished run's JSON").isEmpty();
      assertThat(run.all()).doesNotContain(simulators.cometapi().apiKey());
    }
  }

  @Test
  void should_name_the_task_when_terminated_once_it_exists() throws InterruptedException {
    simulators.cometapi().script(TaskScript.neverEnds());

    try (CommandProcess run = lipsync(simulators.environment(), "run", "--video-url", VIDEO,
        "--audio-url", simulators.cometapi().audioUrl(), "--vendor", "cometapi",
        "--idempotency-key", "job-sigterm-2", "--poll-interval", "1h")) {
      String submitted = run.awaitLine("submitted to cometapi: task cometapi:", PATIENCE);
      run.terminate(PATIENCE);

      String ref = "cometapi:" + simulators.cometapi().lastTask().id();
      assertThat(submitted).endsWith("task " + ref);
      assertThat(run.err()).as(run.toString()).contains("lipsync run: interrupted: task " + ref
          + " was created at cometapi (idempotency key job-sigterm-2); follow it with `lipsync status " + ref + "`");
    }
  }

  @Test
  void should_mask_the_key_and_any_start_of_it_in_the_library_log_lines() throws InterruptedException {
    // 70 characters: the log line cuts a status word at 60, leaving a start of the key, not all of it.
    String key = "sk-live-" + "4f9c2e7b1d8a6035".repeat(4).substring(0, 62);
    try (CometApiSimulator vendor = new CometApiSimulator(key, clock).start()) {
      vendor.script(TaskScript.succeeds().reportingWhileRunning("queued-for " + key));
      Map<String, String> env = Map.of("COMETAPI_KEY", key, "COMETAPI_BASE_URL", vendor.baseUrl());

      try (CommandProcess run = lipsync(env, "run", "--video-url", VIDEO, "--audio-url", vendor.audioUrl(),
          "--poll-interval", "0ms", "--json")) {
        int exit = run.waitFor(PATIENCE);

        assertThat(exit).as(run.toString()).isZero();
        assertThat(run.err()).as("slf4j-simple's WARN line about the unknown word")
            .contains("WARN").contains("sent the status word \"queued-for ****");
        assertThat(run.all()).doesNotContain(key.substring(0, 8));
      }
    }
  }
}
