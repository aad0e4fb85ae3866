package dev.lipsync.cli;

import static dev.lipsync.cli.CommandLineRun.list;
import static dev.lipsync.cli.CommandLineRun.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.examples.Simulators;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import dev.lipsync.core.model.AudioSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lipsync} command run in-process against the three simulators, as its contract in the
 * README describes it: options, exit codes, JSON shapes, progress and secrets. Every run polls at once
 * ({@code --poll-interval 0ms}), so nothing waits on the clock.
 */
class LipSyncCommandTest {
  private static final String VIDEO = "https://example.com/interview.mp4";

  private final SystemScheduler clock = new SystemScheduler();
  private final Simulators simulators = Simulators.start(clock);
  /** The simulators' keys; each run gets a home folder of its own under target (CommandLineRun). */
  private final Map<String, String> env = new HashMap<>(simulators.environment());
  /** Served by a simulator, so the command measures it as it measures any audio file. */
  private final String audio = simulators.alad().audioUrl();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    simulators.close();
    clock.close();
  }

  private CommandLineRun lipsync(String... args) {
    return CommandLineRun.of(env, args);
  }

  private CommandLineRun run(String... more) {
    String[] args = new String[more.length + 7];
    System.arraycopy(new String[] {"run", "--video-url", VIDEO, "--audio-url", audio, "--poll-interval", "0ms"}, 0, args, 0, 7);
    System.arraycopy(more, 0, args, 7, more.length);
    return lipsync(args);
  }

  private int requestsSent() {
    return simulators.all().stream().mapToInt(s -> s.requests().size()).sum();
  }

  // ---- run ---------------------------------------------------------------------------------------

  @Test
  void should_ask_for_a_watermarked_copy_and_print_where_it_is() {
    CommandLineRun result = run("--watermark");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String taskId = simulators.cometapi().lastTask().id();
    assertThat(simulators.cometapi().lastTask().request()).containsEntry("watermark_info", Map.of("enabled", true));
    assertThat(result.out()).contains("  watermarked " + simulators.cometapi().baseUrl() + "/results/cometapi-"
        + taskId + "-watermarked.mp4").contains("billed by the vendor: 5.2 of its units");
  }

  @Test
  void should_run_a_job_and_print_exactly_one_json_object() {
    CommandLineRun result = run("--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, Object> json = result.json();
    assertThat(json).containsOnlyKeys("state", "vendor", "taskRef", "videos", "faceRules", "steps", "attempts",
        "estimatedCostUsd",
        "billedUnits", "idempotencyKey", "error");
    String taskId = simulators.cometapi().lastTask().id();
    assertThat(json).containsEntry("state", "SUCCEEDED")
        .containsEntry("vendor", "cometapi")
        .containsEntry("taskRef", "cometapi:" + taskId)
        .containsEntry("faceRules", List.of("face 1 by order of appearance"))
        .containsEntry("error", null);
    assertThat(list(json.get("videos"))).singleElement().satisfies(video -> assertThat(video)
        .containsEntry("url", simulators.cometapi().baseUrl() + "/results/cometapi-" + taskId + ".mp4")
        .containsEntry("durationMs", 5100.0)
        .containsEntry("watermarkUrl", null));
    // Kling's final_unit_deduction of the task and of the identification, as the simulator reports them.
    assertThat(json).containsEntry("billedUnits", 5.2);
    assertThat(list(json.get("attempts"))).singleElement().satisfies(attempt -> assertThat(attempt)
        .containsOnlyKeys("vendor", "outcome", "error")
        .containsEntry("vendor", "cometapi").containsEntry("outcome", "SUCCEEDED").containsEntry("error", null));
    assertThat((String) json.get("idempotencyKey")).isNotBlank()
        .isEqualTo(simulators.cometapi().lastTask().request().get("external_task_id"));
    assertThat(result.err()).contains("submitted to cometapi: task cometapi:" + taskId)
        .contains("done: cometapi:" + taskId);
  }

  @Test
  void should_choose_the_second_face_by_order_of_appearance() {
    // The simulated video: ana appears at 0 s, ben at 2 s.
    CommandLineRun result = run("--face", "2");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(simulators.cometapi().requests(Endpoint.SUBMIT)).singleElement()
        .satisfies(submit -> assertThat(submit.body()).contains("\"face_id\":\"cometapi-ben\"")
            .doesNotContain("cometapi-ana"));
    assertThat(result.err()).contains("chose face 2 by order of appearance");
    assertThat(result.out()).startsWith("SUCCEEDED at cometapi\n");
  }

  @Test
  void should_print_how_the_face_was_found() {
    CommandLineRun result = run("--face", "2");

    assertThat(result.out()).contains("  face: face 2 by order of appearance\n");
    assertThat(result.err()).contains("chose face 2 by order of appearance (exactly)");
  }

  @Test
  void should_dub_two_faces_in_a_chain_of_two_tasks_printing_the_plan_first() {
    CommandLineRun result = run("--face", "1", "--face", "2", "--vendor", "cometapi");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(simulators.cometapi().requests(Endpoint.SUBMIT)).hasSize(2);
    assertThat(result.err()).containsSubsequence("2 tasks at cometapi", "submitted to cometapi", "submitted to cometapi");
    assertThat(result.out()).contains("  face: face 1 by order of appearance\n  face: face 2 by order of appearance\n")
        .contains("  chained: step 1: cometapi:").contains("  chained: step 2: cometapi:");
  }

  @Test
  void should_skip_a_one_face_vendor_for_two_faces_with_no_chaining() {
    CommandLineRun result = run("--face", "1", "--face", "2", "--vendor", "cometapi", "--no-chaining");

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(simulators.cometapi().requests()).isEmpty();
    assertThat(result.out() + result.err()).contains("the job forbids a chain of tasks");
  }

  @Test
  void should_go_to_the_vendors_named_in_their_order() {
    CommandLineRun result = run("--vendor", "alad", "--vendor", "cometapi", "--json", "--face", "1");

    // alad takes no face id and shows no pictures: face 1 of the simulated two cannot be named there.
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.json()).containsEntry("vendor", "cometapi");
    assertThat(list(result.json().get("attempts"))).extracting(a -> a.get("vendor")).containsExactly("alad", "cometapi");
    assertThat(simulators.apimodels().requests()).isEmpty();
  }

  @Test
  void should_download_the_result_to_the_output_file() throws IOException {
    Path output = dir.resolve("result.mp4");

    CommandLineRun result = run("--output", output.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readAllBytes(output)).isEqualTo(VendorSimulator.RESULT_VIDEO);
    assertThat(result.out()).contains("saved to: " + output);
  }

  @Test
  void should_exit_1_when_the_job_succeeded_but_the_download_failed() {
    Path output = dir.resolve("no-such-directory").resolve("result.mp4");

    CommandLineRun result = run("--output", output.toString(), "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.json()).containsEntry("state", "SUCCEEDED");
    assertThat(object(result.json().get("error"))).containsEntry("type", "download");
    assertThat(result.err()).contains("--output " + output);
  }

  // ---- the job store ------------------------------------------------------------------------------

  @Test
  void should_keep_the_job_in_the_sqlite_file_as_succeeded_with_its_task() {
    Path file = dir.resolve("jobs.db");
    env.put("LIPSYNC_STORE", file.toString());

    CommandLineRun result = run("--idempotency-key", "job-kept-1", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      JobRecord kept = store.find("job-kept-1").orElseThrow();
      assertThat(kept.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(kept.vendor()).isEqualTo("cometapi");
      assertThat(kept.taskRef()).hasToString((String) result.json().get("taskRef"))
          .hasToString("cometapi:" + simulators.cometapi().lastTask().id());
      assertThat(kept.result().videos().get(0).url())
          .hasToString((String) list(result.json().get("videos")).get(0).get("url"));
    }
  }

  @Test
  void should_keep_jobs_under_home_by_default_else_where_the_option_over_the_environment_says_and_none_nowhere()
      throws IOException {
    Path home = dir.resolve("home");
    Path fromOption = Files.createDirectory(dir.resolve("option"));
    env.put("HOME", home.toString());

    CommandLineRun byDefault = run("--idempotency-key", "job-home");
    env.put("LIPSYNC_STORE", dir.resolve("env.db").toString());
    CommandLineRun byOption = run("--idempotency-key", "job-option", "--store", fromOption.toString());
    CommandLineRun byEnvironment = run("--idempotency-key", "job-env");
    CommandLineRun nowhere = run("--idempotency-key", "job-none", "--store", "none");
    CommandLineRun listed = lipsync("jobs", "--store", fromOption.toString());

    for (CommandLineRun result : List.of(byDefault, byOption, byEnvironment, nowhere, listed)) {
      assertThat(result.exitCode()).as(result.toString()).isZero();
    }
    assertThat(keys(home.resolve(".lipsync/jobs.db"))).containsExactly("job-home");
    assertThat(keys(fromOption.resolve("jobs.db"))).containsExactly("job-option");
    assertThat(keys(dir.resolve("env.db"))).containsExactly("job-env");
    assertThat(listed.out()).startsWith("KEY ").contains("job-option  SUCCEEDED  cometapi  cometapi:")
        .doesNotContain("job-home");
  }

  @Test
  void should_answer_a_job_run_again_under_its_key_with_that_job_and_refuse_another_job_under_it() {
    env.put("LIPSYNC_STORE", dir.toString());
    CommandLineRun first = run("--idempotency-key", "job-once", "--json");
    int calls = vendorCalls();

    CommandLineRun again = run("--idempotency-key", "job-once", "--json");
    CommandLineRun other = run("--idempotency-key", "job-once", "--volume", "1.5", "--json");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.json()).containsEntry("state", "SUCCEEDED").containsEntry("taskRef", first.json().get("taskRef"))
        .containsEntry("videos", first.json().get("videos"));
    assertThat(again.err()).contains("job job-once is in the job store already (SUCCEEDED)");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat((String) object(other.json().get("error")).get("message"))
        .contains("--idempotency-key job-once: the job store holds another job under this key (SUCCEEDED)");
    assertThat(vendorCalls()).as("one key, one paid task: nothing sent again").isEqualTo(calls);

    try (JdbcJobStore store = JdbcJobStore.sqlite(dir.resolve("jobs.db"))) {
      store.insert(JobRecord.started(LipSyncJob.builder().videoUrl(VIDEO).audio(AudioSource.url(audio))
          .idempotencyKey("held-2").build(), Instant.now()), new Lease("live-run", Instant.now().plusSeconds(600)));
    }
    CommandLineRun held = run("--idempotency-key", "held-2");
    assertThat(held.exitCode()).as(held.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(held.err()).contains("--idempotency-key held-2: the job is leased to another lipsync process");
    assertThat(vendorCalls()).isEqualTo(calls);
  }

  private int vendorCalls() {
    return simulators.all().stream().mapToInt(s -> s.count(Endpoint.IDENTIFY) + s.count(Endpoint.SUBMIT)).sum();
  }

  private static List<String> keys(Path file) {
    assertThat(file).isRegularFile();
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      return store.recent(100).stream().map(JobRecord::idempotencyKey).toList();
    }
  }

  /** What a run that was killed leaves in the store: the job at {@code state}, its lease run out. */
  private void leftByAKilledRun(JdbcJobStore store, String key, JobState state) {
    LipSyncJob job = LipSyncJob.builder().videoUrl(VIDEO).audio(AudioSource.url(audio)).idempotencyKey(key).build();
    Instant then = Instant.now().minusSeconds(300);
    JobRecord started = JobRecord.started(job, then);
    store.insert(started, new Lease("killed-run", then.plusSeconds(30)));
    JobRecord identifying = started.moveTo(JobState.IDENTIFYING, "cometapi", null, List.of(), then);
    store.replace(started, identifying);
    if (state == JobState.SUBMITTING) {
      store.replace(identifying, identifying.moveTo(JobState.SUBMITTING, "cometapi", null, List.of(), then));
    }
  }

  @Test
  void should_resume_every_job_a_killed_run_left_and_never_submit_one_twice() {
    Path file = dir.resolve("jobs.db");
    env.put("LIPSYNC_STORE", file.toString());
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      leftByAKilledRun(store, "short-of-its-submit", JobState.IDENTIFYING);
      leftByAKilledRun(store, "submit-unanswered", JobState.SUBMITTING);
    }

    CommandLineRun result = lipsync("resume", "--poll-interval", "0ms", "--json");

    assertThat(result.exitCode()).as("one outcome unknown: " + result).isEqualTo(ExitCodes.OUTCOME_UNKNOWN);
    assertThat(result.jsonArray()).extracting(job -> job.get("idempotencyKey"), job -> job.get("state"))
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("short-of-its-submit", "SUCCEEDED"),
            org.assertj.core.groups.Tuple.tuple("submit-unanswered", "UNKNOWN"));
    assertThat(simulators.cometapi().requests(Endpoint.SUBMIT)).as("the unanswered submit is not sent again: " + result)
        .singleElement().satisfies(submit -> assertThat(submit.body()).contains("short-of-its-submit"));
    assertThat(result.err()).contains("resuming short-of-its-submit (IDENTIFYING)")
        .contains("resuming submit-unanswered");
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      assertThat(store.find("submit-unanswered").orElseThrow().failure()).isEqualTo(FailureKind.SUBMIT_OUTCOME_UNKNOWN);
      assertThat(store.unfinished()).isEmpty();
    }
    assertThat(lipsync("resume").err()).contains("no unfinished job to resume");
  }

  @Test
  void should_resume_one_job_by_key_show_an_ended_one_and_refuse_an_unknown_key() {
    Path file = dir.resolve("jobs.db");
    env.put("LIPSYNC_STORE", file.toString());
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      leftByAKilledRun(store, "left-1", JobState.IDENTIFYING);
      leftByAKilledRun(store, "left-2", JobState.IDENTIFYING);
    }

    CommandLineRun one = lipsync("resume", "left-1", "--poll-interval", "0ms", "--json");

    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(one.json()).containsEntry("idempotencyKey", "left-1").containsEntry("state", "SUCCEEDED");
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      assertThat(store.find("left-2").orElseThrow().state()).as("only the job named").isEqualTo(JobState.IDENTIFYING);
    }
    CommandLineRun again = lipsync("resume", "left-1", "--json");
    assertThat(again.exitCode()).isZero();
    assertThat(again.json()).containsEntry("state", "SUCCEEDED").containsEntry("taskRef", one.json().get("taskRef"));
    CommandLineRun unknown = lipsync("resume", "no-such-job");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("KEY no-such-job: the job store (SQLite file " + file.toAbsolutePath()
        + ") holds no such job");
    assertThat(lipsync("resume", "--store", "none").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    try (JdbcJobStore store = JdbcJobStore.sqlite(file)) {
      store.insert(JobRecord.started(LipSyncJob.builder().videoUrl(VIDEO).audio(AudioSource.url(audio))
          .idempotencyKey("held-1").build(), Instant.now()), new Lease("live-run", Instant.now().plusSeconds(600)));
    }
    CommandLineRun held = lipsync("resume", "held-1");
    assertThat(held.exitCode()).as(held.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(held.err()).contains("KEY held-1: the job is leased to another lipsync process");
  }

  @Test
  void should_refuse_a_store_that_cannot_be_opened_before_sending_anything() throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("plain.txt"), "text");
    env.put("LIPSYNC_STORE", "jdbc:postgresql://127.0.0.1:1/lipsync");
    env.put("LIPSYNC_STORE_USER", "lipsync");
    env.put("LIPSYNC_STORE_PASSWORD", "s3cret-store-pw");

    CommandLineRun unopened = run("--store", notAFolder.resolve("jobs.db").toString(), "--json");
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    CommandLineRun unreachable = run("--json");
    CommandLineRun text = run();

    assertInputError(unopened, "--store " + notAFolder.resolve("jobs.db") + ": The job store's folder " + notAFolder
        + " could not be created: " + notAFolder + " is a file, not a folder");
    assertInputError(unreachable, "LIPSYNC_STORE jdbc:postgresql://127.0.0.1:1/lipsync: The job store"
        + " (PostgreSQL database jdbc:postgresql://127.0.0.1:1/lipsync) could not be opened");
    assertThat(text.exitCode()).isEqualTo(2);
    assertThat(text.out()).isEmpty();
    assertThat(text.err()).contains("lipsync run: LIPSYNC_STORE jdbc:postgresql://127.0.0.1:1/lipsync: ");
    for (CommandLineRun result : List.of(unreachable, text)) {
      assertThat(result.all()).doesNotContain("s3cret");
    }
  }

  // ---- input errors: exit 2, nothing sent ----------------------------------------------------------

  @Test
  void should_refuse_a_value_out_of_range_naming_the_field_and_the_rule_and_send_nothing() {
    CommandLineRun result = run("--volume", "3", "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.json()).containsEntry("state", "FAILED").containsEntry("taskRef", null);
    assertThat(object(result.json().get("error"))).containsEntry("type", "invalid-request");
    assertThat(result.err()).contains("volume").contains("3.0").contains("0").contains("2");
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_let_alad_choose_the_face_of_a_text_job_without_face_and_say_so() {
    CommandLineRun result = lipsync("run", "--video-url", VIDEO, "--text", "Hello there",
        "--voice-id", "uk_boy1", "--voice-language", "en", "--poll-interval", "0ms");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("SUCCEEDED at alad\n");
    assertThat(result.err()).contains("2 face(s); chose alad chooses the face: it takes no face id");
    assertThat(simulators.alad().faceImageUrls()).containsExactly(java.util.Optional.empty());
  }

  @Test
  void should_refuse_a_text_over_the_limit_before_sending() {
    CommandLineRun result = lipsync("run", "--video-url", VIDEO, "--text", "x".repeat(121),
        "--voice-id", "uk_boy1", "--voice-language", "en", "--poll-interval", "0ms");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("dub[0].audio.text: 121 characters is longer than the 120 character maximum");
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_refuse_a_usage_error_with_the_option_named() {
    CommandLineRun missingAudio = lipsync("run", "--video-url", VIDEO);
    CommandLineRun twoVideos = lipsync("run", "--video-url", VIDEO, "--video-id", "v1", "--audio-url", audio);
    CommandLineRun badDuration = run("--timeout", "5 minutes");
    CommandLineRun badFace = run("--face", "0");
    CommandLineRun noCommand = lipsync();

    assertThat(missingAudio.exitCode()).isEqualTo(2);
    assertThat(missingAudio.err()).contains("--audio-url").contains("--text");
    assertThat(twoVideos.exitCode()).isEqualTo(2);
    assertThat(twoVideos.err()).contains("--video-url").contains("--video-id").contains("mutually exclusive");
    assertThat(badDuration.exitCode()).isEqualTo(2);
    assertThat(badDuration.err()).contains("--timeout").contains("'5 minutes' is not a duration");
    assertThat(badFace.exitCode()).isEqualTo(2);
    assertThat(badFace.err()).contains("--face").contains("'0' is neither a face number");
    assertThat(noCommand.exitCode()).isEqualTo(2);
    assertThat(noCommand.err()).contains("demo").contains("faces").contains("jobs").contains("run").contains("status");
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_parse_a_named_subcommand_alone_and_anything_else_with_them_all() {
    CommandLineRun statusHelp = lipsync("status", "--help");
    CommandLineRun misspelt = lipsync("stauts", "cometapi:1");
    CommandLineRun help = lipsync("--help");

    assertThat(statusHelp.exitCode()).isZero();
    assertThat(statusHelp.out()).contains("Usage: lipsync status").contains("TASK_REF");
    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err()).contains("Unmatched argument").contains("Did you mean: lipsync status");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("demo").contains("faces").contains("jobs").contains("resume").contains("run")
        .contains("status");
    for (String name : List.of("demo", "faces", "jobs", "resume", "run", "status")) {
      assertThat(new picocli.CommandLine(LipSyncCommand.subcommand(name, Invocation.system())).getCommandName())
          .isEqualTo(name);
    }
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_refuse_kling_with_one_key_of_two_naming_the_missing_variable_never_the_key() {
    Map<String, String> halfKling = new HashMap<>(env);
    halfKling.put("KLING_ACCESS_KEY", "AK-kling-access-4c1d9e2f7a3b");

    CommandLineRun result = CommandLineRun.of(halfKling,
        "run", "--video-url", VIDEO, "--audio-url", audio, "--vendor", "kling");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("KLING_SECRET_KEY is not set").doesNotContain("AK-kling-access-4c1d9e2f7a3b");
    assertThat(GatewaySetup.secrets(Map.of("KLING_ACCESS_KEY", "AK-kling-access-4c1d9e2f7a3b",
        "KLING_SECRET_KEY", "SK-kling-secret-0123456789abcdef0123")))
        .as("both of Kling's keys masked in all output")
        .contains("AK-kling-access-4c1d9e2f7a3b", "SK-kling-secret-0123456789abcdef0123");
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_refuse_a_vendor_that_is_unknown_or_not_configured() {
    Map<String, String> onlyCometApi = new HashMap<>(env);
    onlyCometApi.remove("ALAD_KEY");

    CommandLineRun notConfigured = CommandLineRun.of(onlyCometApi,
        "run", "--video-url", VIDEO, "--audio-url", audio, "--vendor", "alad");
    CommandLineRun unknown = run("--vendor", "acme");
    CommandLineRun none = CommandLineRun.of(Map.of(), "run", "--video-url", VIDEO, "--audio-url", audio);

    assertThat(notConfigured.exitCode()).isEqualTo(2);
    assertThat(notConfigured.out()).as("nothing to report but the error").isEmpty();
    assertThat(notConfigured.err()).contains("--vendor alad: alad is not configured; set ALAD_KEY");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--vendor acme: unknown vendor; known vendors: cometapi, apimodels, alad, kling");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("no vendor configured").contains("COMETAPI_KEY");
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_refuse_a_plain_http_base_url_to_another_host() {
    Map<String, String> insecure = new HashMap<>(env);
    insecure.put("ALAD_BASE_URL", "http://alad.example.com");

    CommandLineRun result = CommandLineRun.of(insecure, "run", "--video-url", VIDEO, "--audio-url", audio);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("ALAD_BASE_URL").contains("http://alad.example.com")
        .contains("accepted only for a loopback host");
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_refuse_a_base_url_in_a_private_network_unless_the_environment_allows_it() {
    Map<String, String> internal = new HashMap<>(env);
    internal.put("ALAD_BASE_URL", "https://10.1.2.3/api");

    CommandLineRun refused = CommandLineRun.of(internal, "run", "--video-url", VIDEO, "--audio-url", audio);
    internal.put("LIPSYNC_ALLOW_PRIVATE_NETWORKS", "maybe");
    CommandLineRun unclear = CommandLineRun.of(internal, "run", "--video-url", VIDEO, "--audio-url", audio);

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("ALAD_BASE_URL").contains("https://10.1.2.3/api")
        .contains("private network").contains("LIPSYNC_ALLOW_PRIVATE_NETWORKS=true");
    assertThat(unclear.exitCode()).isEqualTo(2);
    assertThat(unclear.err()).contains("LIPSYNC_ALLOW_PRIVATE_NETWORKS: \"maybe\" must be true or false");
    assertThat(requestsSent()).isZero();
    internal.put("LIPSYNC_ALLOW_PRIVATE_NETWORKS", "true");
    GatewaySetup allowed = GatewaySetup.of(internal, List.of("alad"), "--vendor", null,
        dev.lipsync.core.tracking.PollSchedule.defaults(), new dev.lipsync.core.tracking.ManualScheduler(), null);
    assertThat(allowed.providers()).extracting(p -> p.toString()).singleElement().asString()
        .contains("https://10.1.2.3/api/");
  }

  @Test
  void should_speak_the_apimodels_variant_the_environment_names_and_refuse_an_unknown_one() {
    Map<String, String> localized = new HashMap<>(env);
    localized.put("APIMODELS_VARIANT", "localized");
    Map<String, String> misnamed = new HashMap<>(env);
    misnamed.put("APIMODELS_VARIANT", "ru");

    CommandLineRun speaking = CommandLineRun.of(localized,
        "faces", "--video-url", VIDEO, "--vendor", "apimodels");
    int sent = requestsSent();
    CommandLineRun refused = CommandLineRun.of(misnamed, "run", "--video-url", VIDEO, "--audio-url", audio);

    // The simulator speaks the standard variant: the localized path is not one of its routes.
    assertThat(simulators.apimodels().requests()).first()
        .satisfies(r -> assertThat(r.request().getUrl().encodedPath()).isEqualTo("/api/v1/video/generations"));
    assertThat(speaking.exitCode()).isNotZero();
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("APIMODELS_VARIANT").contains("\"ru\"").contains("standard or localized");
    assertThat(requestsSent()).as("nothing sent for the misnamed variant").isEqualTo(sent);
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void should_refuse_an_audio_file_that_is_a_device_without_reading_it() {
    CommandLineRun result = lipsync("run", "--video-url", VIDEO, "--audio-file", "/dev/zero", "--json");

    assertInputError(result, "--audio-file /dev/zero: not a regular file");
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void should_refuse_a_fifo_without_opening_it() throws Exception {
    // Opening a FIFO with no writer blocks for as long as no one writes.
    Path fifo = dir.resolve("answer.mp3");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(20, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();

    CommandLineRun result = lipsync("run", "--video-url", VIDEO, "--audio-file", fifo.toString(), "--json");

    assertInputError(result, "--audio-file " + fifo + ": not a regular file");
  }

  @Test
  void should_refuse_an_audio_file_over_the_cap_naming_the_option_and_the_rule() throws IOException {
    Path large = dir.resolve("large.mp3");
    try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
      file.setLength(AudioSource.MAX_BYTES + 1L);
    }
    CommandLineRun result = lipsync("run", "--video-url", VIDEO, "--audio-file", large.toString(), "--json");

    assertInputError(result, "--audio-file " + large + ": more than the 5242880 bytes (5 MB) vendors take");
  }

  @Test
  void should_refuse_an_output_that_is_not_a_regular_file_before_sending() {
    CommandLineRun result = run("--output", dir.toString(), "--json");

    assertInputError(result, "--output " + dir + ": exists and is not a regular file");
  }

  @Test
  void should_refuse_every_duration_over_24h_naming_the_option_and_the_value() {
    for (String option : List.of("--request-timeout", "--timeout", "--poll-interval")) {
      for (String value : List.of("999999999h", "25h", "99999999999999999999999ms")) {
        CommandLineRun result = run(option, value, "--json");

        assertInputError(result, "'" + option + "': '" + value + "' is longer than 24h");
      }
    }
    assertThat(run("--timeout", "24h", "--request-timeout", "24h").exitCode()).isZero();
  }

  @Test
  void should_refuse_a_key_that_is_not_printable_ascii_naming_the_variable_never_the_key() {
    Map<String, String> accented = new HashMap<>(env);
    accented.put("COMETAPI_KEY", "sk-clé-42");

    CommandLineRun result = CommandLineRun.of(accented, "run", "--video-url", VIDEO, "--audio-url", audio, "--json");

    assertInputError(result, "COMETAPI_KEY: API key holds a character that is not printable ASCII");
    assertThat(result.all()).doesNotContain("sk-clé-42").doesNotContain("clé");
  }

  /** Exit 2 at once, the JSON error naming {@code message}, the same on standard error, and nothing sent. */
  private void assertInputError(CommandLineRun result, String message) {
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.json()).containsEntry("state", "FAILED").containsEntry("taskRef", null);
    assertThat(object(result.json().get("error"))).containsEntry("type", "invalid-input");
    assertThat((String) object(result.json().get("error")).get("message")).contains(message);
    assertThat(result.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(requestsSent()).as("requests sent").isZero();
  }

  // ---- failures: exit 3 and 4 ----------------------------------------------------------------------

  @Test
  void should_exit_3_when_the_task_failed() {
    simulators.cometapi().script(TaskScript.fails("the face was covered"));

    CommandLineRun result = run("--vendor", "cometapi", "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    Map<String, Object> json = result.json();
    assertThat(json).containsEntry("state", "FAILED").containsEntry("vendor", "cometapi")
        .containsEntry("taskRef", "cometapi:" + simulators.cometapi().lastTask().id());
    assertThat(object(json.get("error"))).containsEntry("type", "task-failed");
    assertThat((String) object(json.get("error")).get("message")).contains("the face was covered");
  }

  @Test
  void should_exit_4_with_the_vendor_and_key_when_a_submit_got_no_answer() {
    simulators.cometapi().inject(Endpoint.SUBMIT, Fault.resetBeforeAnswer());

    CommandLineRun result = run("--idempotency-key", "job-42", "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.json()).containsEntry("state", "UNKNOWN").containsEntry("vendor", "cometapi")
        .containsEntry("idempotencyKey", "job-42");
    assertThat(object(result.json().get("error"))).containsEntry("type", "submit-outcome-unknown");
    assertThat(simulators.apimodels().count(Endpoint.SUBMIT) + simulators.alad().count(Endpoint.SUBMIT))
        .as("no second vendor paid for the same job").isZero();

    simulators.cometapi().inject(Endpoint.SUBMIT, Fault.resetBeforeAnswer());
    CommandLineRun text = run("--idempotency-key", "job-43");
    assertThat(text.out()).contains("UNKNOWN at cometapi").contains("idempotency key: job-43")
        .contains("a paid task may exist at cometapi");
  }

  @Test
  void should_pay_once_and_report_the_vendor_and_key_when_a_vendor_answers_500_after_creating_the_task() {
    simulators.apimodels().inject(Endpoint.SUBMIT, Fault.afterHandling(Fault.status(500)));

    CommandLineRun result = run("--vendor", "apimodels", "--vendor", "cometapi", "--idempotency-key", "job-44",
        "--json");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.json()).containsEntry("state", "UNKNOWN").containsEntry("vendor", "apimodels")
        .containsEntry("idempotencyKey", "job-44");
    assertThat(simulators.apimodels().tasks()).as("the task the 500 hid").hasSize(1);
    assertThat(simulators.apimodels().count(Endpoint.SUBMIT)).as("never submitted again").isEqualTo(1);
    assertThat(simulators.cometapi().count(Endpoint.SUBMIT) + simulators.alad().count(Endpoint.SUBMIT))
        .as("no second vendor paid for the same job").isZero();
  }

  @Test
  void should_name_the_vendor_and_key_before_each_paid_submit() {
    // CometAPI refuses the submit (out of credit): nothing was created there, and the job moves on.
    simulators.cometapi().inject(Endpoint.SUBMIT, Fault.quotaNotEnough());

    CommandLineRun result = run("--vendor", "cometapi", "--vendor", "apimodels", "--idempotency-key", "job-45",
        "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).containsSubsequence(
        "faces found at cometapi", "submitting to cometapi with idempotency key job-45: if this process dies now",
        "failing over from cometapi",
        "faces found at apimodels", "submitting to apimodels with idempotency key job-45", "submitted to apimodels");
    assertThat(result.json()).containsEntry("idempotencyKey", "job-45");
  }

  // ---- faces and status ----------------------------------------------------------------------------

  @Test
  void should_list_the_faces_in_order_of_appearance_as_json() {
    CommandLineRun result = lipsync("faces", "--video-url", VIDEO, "--vendor", "cometapi", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, Object> json = result.json();
    assertThat(json).containsOnlyKeys("vendor", "sessionId", "faces").containsEntry("vendor", "cometapi");
    assertThat((String) json.get("sessionId")).isNotBlank();
    assertThat(list(json.get("faces"))).extracting(f -> f.get("id"), f -> f.get("startMs"), f -> f.get("endMs"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cometapi-ana", 0.0, 4000.0),
            org.assertj.core.groups.Tuple.tuple("cometapi-ben", 2000.0, 9000.0));
    assertThat(list(json.get("faces"))).allSatisfy(face -> assertThat(face).containsKey("imageUrl"));
    assertThat(simulators.cometapi().count(Endpoint.SUBMIT)).isZero();
  }

  @Test
  void should_exit_2_when_no_vendor_named_takes_the_video_and_send_nothing() {
    // apimodels takes videos by URL only: the gateway's future fails with NotSupportedException, which
    // the command finds under the join's wrapper to tell that nothing was sent.
    CommandLineRun result = lipsync("faces", "--video-id", "vid-2f9c", "--vendor", "apimodels");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).startsWith("lipsync faces: ").contains("takes a video by vendor video id");
    assertThat(requestsSent()).isZero();
  }

  @Test
  void should_number_the_faces_as_run_counts_them() {
    CommandLineRun result = lipsync("faces", "--video-url", VIDEO);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("2 face(s) at cometapi")
        .containsSubsequence("--face 1  cometapi-ana", "--face 2  cometapi-ben");
  }

  @Test
  void should_look_up_the_task_a_run_printed() {
    String ref = (String) run("--json").json().get("taskRef");

    CommandLineRun result = lipsync("status", ref, "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, Object> json = result.json();
    assertThat(json).containsOnlyKeys("taskRef", "state", "rawStatus", "videos")
        .containsEntry("taskRef", ref).containsEntry("state", "SUCCEEDED").containsEntry("rawStatus", "succeed");
    assertThat(list(json.get("videos"))).singleElement()
        .satisfies(video -> assertThat((String) video.get("url")).endsWith(ref.substring("cometapi:".length()) + ".mp4"));
  }

  @Test
  void should_refuse_a_task_ref_of_a_vendor_not_configured() {
    CommandLineRun malformed = lipsync("status", "no-colon");
    CommandLineRun unknown = lipsync("status", "acme:1");

    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("TASK_REF").contains("vendor:taskId");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("acme: unknown vendor");
  }

  @Test
  void should_exit_3_when_the_vendor_does_not_know_the_task() {
    CommandLineRun result = lipsync("status", "alad:999999");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("lipsync status: ");
  }

  // ---- secrets and verbose -------------------------------------------------------------------------

  @Test
  void should_show_the_http_exchanges_when_verbose() {
    CommandLineRun result = run("--verbose");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).containsPattern("http cometapi POST /kling/v1/videos/identify-face -> 200 in \\d+ ms")
        .containsPattern("http cometapi POST /kling/v1/videos/advanced-lip-sync -> 200 in \\d+ ms")
        .containsPattern("http cometapi GET /kling/v1/videos/advanced-lip-sync/\\d+ -> 200 in \\d+ ms");
  }

  @Test
  void should_never_show_the_key_even_when_a_vendor_echoes_it_after_a_401() throws IOException {
    String key = "sk-live-4f9c2e7b1d8a6035";
    try (MockWebServer vendor = new MockWebServer()) {
      vendor.start(InetAddress.getLoopbackAddress(), 0);
      for (int i = 0; i < 5; i++) {
        vendor.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
            .body("{\"code\":1000,\"message\":\"Authorization failed for key " + key + "\",\"request_id\":\"r-1\"}")
            .build());
      }
      Map<String, String> leaky = Map.of("COMETAPI_KEY", key, "COMETAPI_BASE_URL", vendor.url("/").toString());

      CommandLineRun text = CommandLineRun.of(leaky, "run", "--video-url", VIDEO, "--audio-url", audio,
          "--verbose", "--poll-interval", "0ms");
      CommandLineRun json = CommandLineRun.of(leaky, "run", "--video-url", VIDEO, "--audio-url", audio,
          "--json", "--poll-interval", "0ms");
      CommandLineRun faces = CommandLineRun.of(leaky, "faces", "--video-url", VIDEO);

      assertThat(text.exitCode()).as(text.toString()).isEqualTo(3);
      assertThat(json.exitCode()).isEqualTo(3);
      assertThat(object(json.json().get("error"))).containsEntry("type", "authentication");
      assertThat(faces.exitCode()).isEqualTo(3);
      assertThat(text.err()).contains("-> 401").contains("Authorization failed for key");
      for (CommandLineRun run : List.of(text, json, faces)) {
        assertThat(run.all()).doesNotContain(key).doesNotContain(key.substring(3));
      }
    }
  }

  @Test
  void should_mask_a_start_of_the_key_left_by_a_vendor_message_cut_at_300_characters() throws IOException {
    String key = "sk-live-4f9c2e7b1d8a6035";
    // The library keeps 300 characters of a message: this one ends in the key's first 12.
    String message = "Authorization failed: " + "x".repeat(300 - 22 - 12 - 1) + " " + key;
    try (MockWebServer vendor = new MockWebServer()) {
      vendor.start(InetAddress.getLoopbackAddress(), 0);
      for (int i = 0; i < 5; i++) {
        vendor.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
            .body("{\"code\":1000,\"message\":\"" + message + "\",\"request_id\":\"r-1\"}").build());
      }
      Map<String, String> leaky = Map.of("COMETAPI_KEY", key, "COMETAPI_BASE_URL", vendor.url("/").toString());

      CommandLineRun result = CommandLineRun.of(leaky, "run", "--video-url", VIDEO, "--audio-url", audio,
          "--json", "--poll-interval", "0ms");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
      assertThat((String) object(result.json().get("error")).get("message")).contains("Authorization failed: xxx")
          .contains(" ****");
      assertThat(result.all()).doesNotContain(key.substring(0, 8));
    }
  }

  // ---- demo ----------------------------------------------------------------------------------------

  @Test
  void should_run_the_demo_tour_and_exit_0() {
    CommandLineRun result = CommandLineRun.of(Map.of("HOME", dir.toString()), "demo");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .containsSubsequence("1. A job", "SUCCEEDED at cometapi",
            "2. Text to speech", "alad       can", "kling      can", "SUCCEEDED at alad",
            "3. Failover", "-> 429", "failing over from cometapi: out-of-credit", "SUCCEEDED at apimodels",
            "face 2 by order of appearance at cometapi; here the face its picture matches (",
            "4. Never paid twice", "-> 502", "UNKNOWN at apimodels", "idempotency key: lipsync-",
            // Whether the third job waits depends on how fast the first two finish: not asserted.
            "5. Kling's own API", "SUCCEEDED at kling", "SUCCEEDED at kling", "SUCCEEDED at kling",
            "Meters", "vendor     requests failovers  polls   cost USD",
            "Demo complete")
        .containsPattern("cometapi +\\d+ +2 +\\d+ +unknown");
    assertThat(dir.resolve(".lipsync")).as("the demo keeps its jobs in memory").doesNotExist();
  }
}
