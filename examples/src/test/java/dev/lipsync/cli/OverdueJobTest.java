package dev.lipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose deadline passes while its paid task still runs, on the CometAPI simulator and a SQLite
 * store, on a manual clock: the job ends DeadlineExceeded with its task, the task's later success is
 * recorded in the store, and {@code lipsync jobs} shows the video.
 */
class OverdueJobTest {
  private static final String KEY = "sim-cometapi-key";

  private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-12-06T10:00:00Z"));
  private final CometApiSimulator cometapi = new CometApiSimulator(KEY, clock).start();
  private final OkHttpClient http = new OkHttpClient();
  private final BooleanSupplier busy = VirtualTime.callsInFlight(http);

  @TempDir Path dir;

  @AfterEach
  void stop() {
    cometapi.close();
  }

  @Test
  void should_keep_the_late_video_of_a_job_past_its_deadline_and_show_it_in_jobs() {
    Path file = dir.resolve("jobs.db");
    cometapi.script(TaskScript.succeeds().after(Duration.ofMinutes(3)));
    LipSyncJob job = LipSyncJob.builder().videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().audio(AudioSource.url(cometapi.audioUrl())).audioLength(Duration.ofSeconds(6)).build())
        .idempotencyKey("late-1").timeout(Duration.ofMinutes(1)).build();

    try (JdbcJobStore store = JdbcJobStore.sqlite(file);
        LipSyncGateway gateway = LipSyncGateway.builder()
            .provider(CometApiProvider.builder().apiKey(KEY).baseUrl(cometapi.baseUrl()).client(http).build())
            .scheduler(clock).jobStore(store).pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1.5,
                Duration.ofSeconds(20), 0)).build()) {
      JobHandle handle = gateway.run(job);

      Throwable failure = VirtualTime.failure(handle.result(), clock, busy);
      assertThat(failure).isInstanceOf(DeadlineExceededException.class);
      TaskRef ref = ((DeadlineExceededException) failure).taskRef().orElseThrow();
      assertThat(store.find("late-1").orElseThrow().state()).isEqualTo(JobState.OVERDUE);

      VirtualTime.until(() -> store.find("late-1").orElseThrow().state().isTerminal(), clock, busy);

      assertThat(store.find("late-1").orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(store.find("late-1").orElseThrow().result().taskRef()).isEqualTo(ref);
    }

    CommandLineRun jobs = CommandLineRun.of(Map.of("LIPSYNC_STORE", file.toString()), "jobs", "--json");
    assertThat(jobs.exitCode()).as(jobs.toString()).isZero();
    assertThat(jobs.jsonArray()).singleElement().satisfies(listed -> assertThat(listed)
        .containsEntry("idempotencyKey", "late-1")
        .containsEntry("state", "SUCCEEDED")
        .containsEntry("videoUrl", cometapi.baseUrl() + "/results/cometapi-" + cometapi.lastTask().id() + ".mp4"));
  }
}
