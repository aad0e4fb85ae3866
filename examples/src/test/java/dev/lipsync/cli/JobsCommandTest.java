package dev.lipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.Lease;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.SampleJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lipsync jobs} on a SQLite store this test fills, read on a fixed clock. */
class JobsCommandTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123Z");
  /** 3 min 12 s after the newest job was created. */
  private static final Clock NOW = Clock.fixed(T0.plusSeconds(120 + 192), ZoneOffset.UTC);

  @TempDir Path dir;
  private Path file;
  private Map<String, String> env;

  @BeforeEach
  void fill() {
    file = dir.resolve("jobs.db");
    env = Map.of("HOME", dir.resolve("home").toString(), "LIPSYNC_STORE", file.toString());
    Lease lease = new Lease("test", T0.plusSeconds(30));
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      JobRecord ok = JobRecord.started(SampleJobs.plain("job-ok"), T0);
      store.insert(ok, lease);
      store.replace(ok, ok.succeeded(SampleJobs.result("job-ok", T0), T0.plusSeconds(95)));

      JobRecord failed = JobRecord.started(SampleJobs.plain("job-failed"), T0.plusSeconds(60));
      TaskRef task = new TaskRef("cometapi", "842");
      JobRecord submitting = failed.moveTo(JobState.SUBMITTING, "cometapi", null, List.of(), T0.plusSeconds(61));
      JobRecord running = submitting.moveTo(JobState.RUNNING, null, task, List.of(), T0.plusSeconds(62));
      store.insert(failed, lease);
      store.replace(failed, submitting);
      store.replace(submitting, running);
      store.replace(running, running.end(JobState.FAILED, task, List.of(), FailureKind.TASK_FAILED,
          "face not found", T0.plusSeconds(80)));

      JobRecord newest = JobRecord.started(SampleJobs.plain("job-running"), T0.plusSeconds(120));
      store.insert(newest, lease);
      store.replace(newest, newest.moveTo(JobState.RUNNING, "apimodels", new TaskRef("apimodels", "t-7"), List.of(),
          T0.plusSeconds(125)));
    }
  }

  private CommandLineRun jobs(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "jobs";
    System.arraycopy(args, 0, line, 1, args.length);
    return CommandLineRun.at(NOW, env, line);
  }

  @Test
  void should_list_the_jobs_newest_first_as_an_aligned_table() {
    CommandLineRun result = jobs();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("""
        KEY          STATE      VENDOR     TASK                CREATED     FAILURE
        job-running  RUNNING    apimodels  apimodels:t-7       3m 12s ago
        job-failed   FAILED     cometapi   cometapi:842        4m 12s ago  task-failed
        job-ok       SUCCEEDED  apimodels  apimodels:task-842  5m 12s ago
        """);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void should_list_the_jobs_as_a_json_array_without_absent_members() {
    CommandLineRun result = jobs("--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("""
        [
          {
            "idempotencyKey": "job-running",
            "state": "RUNNING",
            "vendor": "apimodels",
            "taskRef": "apimodels:t-7",
            "createdAt": "2026-12-06T10:02:00.123Z",
            "updatedAt": "2026-12-06T10:02:05.123Z"
          },
          {
            "idempotencyKey": "job-failed",
            "state": "FAILED",
            "vendor": "cometapi",
            "taskRef": "cometapi:842",
            "createdAt": "2026-12-06T10:01:00.123Z",
            "updatedAt": "2026-12-06T10:01:20.123Z",
            "failure": "task-failed",
            "failureMessage": "face not found"
          },
          {
            "idempotencyKey": "job-ok",
            "state": "SUCCEEDED",
            "vendor": "apimodels",
            "taskRef": "apimodels:task-842",
            "createdAt": "2026-12-06T10:00:00.123Z",
            "updatedAt": "2026-12-06T10:01:35.123Z",
            "videoUrl": "https://cdn.example.com/out.mp4?sig=abc"
          }
        ]
        """);
  }

  @Test
  void should_list_no_more_than_the_limit_and_refuse_a_limit_under_1() {
    CommandLineRun one = jobs("--limit", "1", "--json");
    CommandLineRun zero = jobs("--limit", "0");
    CommandLineRun word = jobs("--limit", "all");

    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(one.out()).contains("job-running").doesNotContain("job-failed");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("lipsync jobs: --limit 0: must be at least 1\n");
    assertThat(word.exitCode()).isEqualTo(2);
    assertThat(word.err()).contains("--limit").contains("'all'");
  }

  @Test
  void should_say_which_store_holds_no_jobs() {
    Path empty = dir.resolve("empty");

    CommandLineRun text = jobs("--store", empty.toString());
    CommandLineRun json = jobs("--store", empty.toString(), "--json");
    CommandLineRun none = jobs("--store", "none");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).isEqualTo("The job store (SQLite file " + empty.toAbsolutePath() + ") holds no jobs.\n");
    assertThat(json.out()).isEqualTo("[]\n");
    assertThat(none.out()).isEqualTo("The job store (none: nothing is kept) holds no jobs.\n");
  }

  @Test
  void should_exit_2_when_the_store_cannot_be_opened_and_never_show_its_password() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("plain.txt"), "text");
    Map<String, String> postgres = Map.of("HOME", dir.toString(),
        "LIPSYNC_STORE", "jdbc:postgresql://127.0.0.1:1/lipsync?password=pw-in-the-url",
        "LIPSYNC_STORE_USER", "lipsync", "LIPSYNC_STORE_PASSWORD", "s3cret-store-pw");

    CommandLineRun unopened = jobs("--store", notAFolder.resolve("jobs.db").toString());
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    CommandLineRun unreachable = CommandLineRun.at(NOW, postgres, "jobs");

    assertThat(unopened.exitCode()).as(unopened.toString()).isEqualTo(2);
    assertThat(unopened.out()).isEmpty();
    assertThat(unopened.err()).startsWith("lipsync jobs: --store " + notAFolder.resolve("jobs.db") + ": ")
        .contains("could not be created");
    assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(2);
    assertThat(unreachable.err()).startsWith("lipsync jobs: LIPSYNC_STORE jdbc:postgresql://127.0.0.1:1/lipsync: ")
        .contains("PostgreSQL database jdbc:postgresql://127.0.0.1:1/lipsync")
        .contains("could not be opened");
    assertThat(unreachable.all()).doesNotContain("s3cret").doesNotContain("pw-in-the-url");
  }

  @Test
  void should_measure_an_age_in_its_two_largest_units() {
    assertThat(TextReport.age(Duration.ofSeconds(12))).isEqualTo("12s ago");
    assertThat(TextReport.age(Duration.ofSeconds(192))).isEqualTo("3m 12s ago");
    assertThat(TextReport.age(Duration.ofMinutes(125).plusSeconds(59))).isEqualTo("2h 5m ago");
    assertThat(TextReport.age(Duration.ofHours(97))).isEqualTo("4d 1h ago");
    assertThat(TextReport.age(Duration.ofSeconds(-5))).as("a clock set back").isEqualTo("0s ago");
  }
}
