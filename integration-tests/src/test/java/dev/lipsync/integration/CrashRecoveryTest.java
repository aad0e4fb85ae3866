package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import dev.lipsync.testkit.VirtualTime;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process running jobs is killed with SIGKILL at each phase of them, and a gateway in another process
 * on the same store recovers them: every job ends, no submit is paid twice, and no task's ref is lost (a
 * task created without a recorded answer ends its job outcome unknown, with its key). The killed process
 * is {@link CrashChild}; the vendor is the CometAPI simulator in this JVM, which cannot look a task up by
 * key. Writes the "Crash matrix" section of {@code docs/RELIABILITY.md} (see {@link CrashMatrix}).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroyForcibly() is SIGKILL only on Unix")
class CrashRecoveryTest {
  private static final String KEY = "sk-crash-recovery-test";
  private static final int JOBS = 3;
  /** How long the child may take to start its JVM, and its jobs to reach a phase. */
  private static final Duration CHILD_WAIT = Duration.ofSeconds(30);
  /** How long a task the child tracks takes, on the simulator's clock, which stands still until the kill. */
  private static final Duration TASK_TIME = Duration.ofMinutes(1);
  private static final String REPORT_PROPERTY = "lipsync.reliability.report";
  private static final CrashMatrix MATRIX = new CrashMatrix();
  private static final AtomicInteger DATABASES = new AtomicInteger();
  /** Started once, beside the SQLite cells, which run first: it takes seconds. */
  private static CompletableFuture<EmbeddedPostgres> postgres;

  /** Where the child is killed. */
  enum Phase {
    /** Identification sent and unanswered: no task yet. */
    BEFORE_SUBMIT("before submit"),
    /** The vendor created the task; its answer was never read. */
    AFTER_CREATE("after create"),
    /** The task running, its ref on record. */
    TRACKING("tracking");

    final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  enum Store {
    SQLITE("SQLite"),
    POSTGRESQL("PostgreSQL");

    final String label;

    Store(String label) {
      this.label = label;
    }
  }

  private final ManualScheduler vendorClock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final CometApiSimulator cometapi = new CometApiSimulator(KEY, vendorClock).start();
  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() {
    postgres = CompletableFuture.supplyAsync(() -> {
      try {
        return EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @AfterAll
  static void stopPostgresAndWriteReport() throws IOException {
    EmbeddedPostgres server = postgres.exceptionally(e -> null).join();
    if (server != null) {
      server.close();
    }
    List<String> phases = Arrays.stream(Phase.values()).map(p -> p.label).toList();
    List<String> stores = Arrays.stream(Store.values()).map(s -> s.label).toList();
    MATRIX.write(Path.of("target", "reliability", "RELIABILITY.md"), phases, stores);
    String target = System.getProperty(REPORT_PROPERTY);
    if (target != null && !target.isBlank()) {
      Path root = Path.of(System.getProperty("lipsync.projectRoot", ".."));
      MATRIX.write(root.resolve(target).normalize(), phases, stores);
    }
  }

  @AfterEach
  void stopSimulator() {
    cometapi.close();
  }

  static Stream<Arguments> cells() {
    return Arrays.stream(Store.values()).flatMap(s -> Arrays.stream(Phase.values()).map(p -> Arguments.of(p, s)));
  }

  @ParameterizedTest(name = "{0} · {1}")
  @MethodSource("cells")
  void should_end_every_job_of_a_killed_process_without_paying_twice_or_losing_a_task(Phase phase, Store kind)
      throws Exception {
    List<String> keys = IntStream.rangeClosed(1, JOBS)
        .mapToObj(i -> "crash-" + phase.name().toLowerCase() + "-" + kind.name().toLowerCase() + "-" + i).toList();
    List<String> storeArgs = storeArgs(kind);
    switch (phase) {
      case BEFORE_SUBMIT -> cometapi.injectAlways(Endpoint.IDENTIFY, Fault.noAnswer());
      case AFTER_CREATE -> keys.forEach(k -> cometapi.inject(Endpoint.SUBMIT, Fault.afterHandling(Fault.noAnswer())));
      case TRACKING -> cometapi.script(TaskScript.succeeds().after(TASK_TIME));
    }
    List<String> args = new ArrayList<>(storeArgs);
    args.addAll(List.of(cometapi.baseUrl(), KEY));
    args.addAll(keys);

    Map<String, TaskRef> refsAtKill = new LinkedHashMap<>();
    try (ChildJvm child = ChildJvm.start(CrashChild.class, args)) {
      child.await("the child started its jobs", () -> child.said(CrashChild.READY), CHILD_WAIT);
      try (JdbcJobStore store = open(storeArgs)) {
        child.await("every job " + phase.label, () -> reached(phase, store, keys), CHILD_WAIT);
        child.kill();
        keys.forEach(k -> refsAtKill.put(k, store.find(k).orElseThrow().taskRef()));
        cometapi.clearFaults();
        // At the vendor, time passes while no gateway runs: a task running at the kill ends meanwhile.
        vendorClock.advance(TASK_TIME.multipliedBy(2));

        recover(store, keys);

        check(phase, kind, keys, store, refsAtKill, child);
      }
    }
  }

  /** Whether every job has got to the phase, as the simulator and the store show. */
  private boolean reached(Phase phase, JobStore store, List<String> keys) {
    List<JobRecord> records = keys.stream().map(store::find).flatMap(Optional::stream).toList();
    if (records.size() < keys.size()) {
      return false;
    }
    return switch (phase) {
      case BEFORE_SUBMIT -> cometapi.count(Endpoint.IDENTIFY) >= keys.size()
          && records.stream().allMatch(r -> r.state() == JobState.IDENTIFYING);
      case AFTER_CREATE -> cometapi.tasks().size() >= keys.size()
          && records.stream().allMatch(r -> r.state() == JobState.SUBMITTING && r.taskRef() == null);
      case TRACKING -> cometapi.tasks().size() >= keys.size()
          && cometapi.tasks().stream().allMatch(t -> t.polls() >= 1)
          && records.stream().allMatch(r -> r.state() == JobState.RUNNING && r.taskRef() != null);
    };
  }

  /**
   * A gateway in this JVM on the store, started when the child's leases have run out (they are in real
   * time), driven on a manual clock until every job has ended.
   */
  private void recover(JobStore store, List<String> keys) {
    // No idle connection kept: see FaultMatrixTest's client.
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
    ManualScheduler clock = new ManualScheduler(Instant.now().plus(CrashChild.LEASE).plusSeconds(1));
    CometApiProvider provider = CometApiProvider.builder().apiKey(KEY).baseUrl(cometapi.baseUrl())
        .requestTimeout(Duration.ofSeconds(5)).client(http).build();
    try (LipSyncGateway gateway = LipSyncGateway.builder()
        .provider(provider)
        .scheduler(clock)
        .random(() -> 0.0)
        .jobStore(store)
        .instanceId("recovering")
        .leaseDuration(CrashChild.LEASE)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 0))
        .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
        .build()) {
      VirtualTime.until(() -> keys.stream().allMatch(k -> store.find(k).orElseThrow().state().isTerminal()),
          clock, VirtualTime.callsInFlight(http));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private void check(Phase phase, Store kind, List<String> keys, JobStore store, Map<String, TaskRef> refsAtKill,
      ChildJvm child) {
    Map<String, JobRecord> records = new LinkedHashMap<>();
    keys.forEach(k -> records.put(k, store.find(k).orElseThrow()));
    int ended = (int) records.values().stream().filter(r -> r.state().isTerminal()).count();
    int duplicates = keys.stream().mapToInt(k -> Math.max(0, submitsOf(k) - 1)).sum();
    int lost = (int) cometapi.tasks().stream().filter(t -> !accountedFor(t, store)).count();
    MATRIX.add(new CrashMatrix.Row(phase.label, kind.label, keys.size(), ended, duplicates, lost,
        endings(records.values())));

    String story = "\n" + records.values() + "\n" + child;
    assertThat(ended).as("jobs ended" + story).isEqualTo(keys.size());
    assertThat(duplicates).as("duplicate paid submits" + story).isZero();
    assertThat(lost).as("tasks created whose ref is lost" + story).isZero();
    for (JobRecord record : records.values()) {
      String key = record.idempotencyKey();
      switch (phase) {
        case BEFORE_SUBMIT -> {
          assertThat(record.state()).as(key + story).isEqualTo(JobState.SUCCEEDED);
          assertThat(submitsOf(key)).as("submitted once, by the recovering gateway").isEqualTo(1);
        }
        case AFTER_CREATE -> {
          assertThat(record.state()).as(key + story).isEqualTo(JobState.FAILED);
          assertThat(record.failure()).isEqualTo(FailureKind.SUBMIT_OUTCOME_UNKNOWN);
          assertThat(record.failureMessage()).contains(key).contains("cometapi");
          assertThat(submitsOf(key)).as("never sent again").isEqualTo(1);
        }
        case TRACKING -> {
          assertThat(record.state()).as(key + story).isEqualTo(JobState.SUCCEEDED);
          assertThat(record.result().taskRef()).as("the task the child recorded").isEqualTo(refsAtKill.get(key));
          assertThat(submitsOf(key)).as("never sent again").isEqualTo(1);
        }
      }
    }
    assertThat(cometapi.tasks()).as("one task per job").hasSize(keys.size());
    assertThat(cometapi.count(Endpoint.IDENTIFY))
        .as(phase == Phase.BEFORE_SUBMIT ? "each job identified by the child, then again by the recovering gateway"
            : "nothing before the task sent again")
        .isEqualTo(phase == Phase.BEFORE_SUBMIT ? 2 * keys.size() : keys.size());
  }

  /** The submits the simulator received for the job of {@code key}. */
  private int submitsOf(String key) {
    return (int) cometapi.requests(Endpoint.SUBMIT).stream().filter(r -> r.body().contains("\"" + key + "\"")).count();
  }

  /** Whether the store holds the task's ref, or its job ended outcome unknown naming vendor and key. */
  private static boolean accountedFor(SimulatedTask task, JobStore store) {
    if (!(task.request().get("external_task_id") instanceof String key)) {
      return false;
    }
    JobRecord record = store.find(key).orElse(null);
    if (record == null) {
      return false;
    }
    TaskRef ref = new TaskRef("cometapi", task.id());
    if (ref.equals(record.taskRef()) || record.result() != null && ref.equals(record.result().taskRef())) {
      return true;
    }
    return record.failure() == FailureKind.SUBMIT_OUTCOME_UNKNOWN && record.failureMessage() != null
        && record.failureMessage().contains(key) && record.failureMessage().contains(ref.vendor());
  }

  /** How the jobs ended, e.g. {@code 3 SUCCEEDED}, counted by state and failure. */
  private static String endings(Iterable<JobRecord> records) {
    Map<String, Integer> counts = new TreeMap<>();
    for (JobRecord record : records) {
      String ending = record.state() + (record.failure() == null ? "" : " " + record.failure());
      counts.merge(ending, 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((ending, count) -> parts.add(count + " " + ending));
    return String.join(", ", parts);
  }

  /** The store's part of the child's arguments: a fresh SQLite file, or a fresh PostgreSQL database and user. */
  private List<String> storeArgs(Store kind) throws SQLException {
    return switch (kind) {
      case SQLITE -> List.of(dir.resolve("jobs.db").toString());
      case POSTGRESQL -> {
        String database = "crash_" + DATABASES.incrementAndGet();
        EmbeddedPostgres server = postgres.join();
        try (Connection connection = server.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE " + database);
        }
        yield List.of(server.getJdbcUrl("postgres", database), "postgres");
      }
    };
  }

  /** The store the child's arguments name, as {@link CrashChild} opens it. */
  private static JdbcJobStore open(List<String> storeArgs) {
    return storeArgs.get(0).startsWith("jdbc:postgresql:")
        ? JdbcJobStore.postgres(storeArgs.get(0), storeArgs.get(1), "")
        : JdbcJobStore.sqlite(Path.of(storeArgs.get(0)));
  }
}
