package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.gateway.CallbackOutcome;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.store.jdbc.JdbcJobStore;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator.Recorded;
import dev.lipsync.testkit.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways, A and B, each with its own pool on one PostgreSQL, run jobs against the CometAPI
 * simulator on one manual clock while A is killed twice at random moments and restarted each time under
 * a new instance id. A kill is what SIGKILL does to a process: its timers run nothing more, its store
 * and its HTTP client refuse every call, and it is never closed. Then:
 *
 * <ul>
 *   <li>every job ended in the store (one ending each: an ending is a compare-and-set only one writer
 *       wins), and the handle of every job started at a live instance completed as its record ended;
 *   <li>no idempotency key was submitted twice (nothing paid twice), and every task the vendor created
 *       is on its job's record, or its job ended outcome unknown (a kill during its submit);
 *   <li>no task was polled by two instances at once: for each task, once another instance polled it,
 *       the one before never polled it again (the status call that confirms a callback aside);
 *   <li>a killed instance sent nothing after its kill;
 *   <li>a callback for an ended task, posted to the live instance that did not start the job, settles
 *       it in the store, and the job's handle at the instance that started it completes from the record.
 * </ul>
 *
 * <p>Runs {@value #DEFAULT_JOBS} jobs, in 20 to 40 s of real time on two cores; {@code
 * -Dlipsync.shared.jobs=N} runs another number, and {@code -Dlipsync.shared.seed=S} replays a run (the
 * seed is printed, with the kills and the endings).
 */
class SharedStoreTest {
  static final int DEFAULT_JOBS = 1000;
  private static final Duration LEASE = Duration.ofSeconds(30);
  /** Jobs start at random moments in this window, on the virtual clock. */
  private static final Duration START_WINDOW = Duration.ofMinutes(5);
  /** A is killed this many times, each time restarted under a new instance id. */
  private static final int KILLS = 2;
  private static final int CALLBACKS = 20;
  private static final String INSTANCE_HEADER = "X-Test-Instance";
  private static final Pattern EXTERNAL_ID = Pattern.compile("\"external_task_id\"\\s*:\\s*\"([^\"]+)\"");

  private static EmbeddedPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final ThreeVendors vendors = new ThreeVendors();
  private final List<Instance> instances = new ArrayList<>();
  private JdbcJobStore observer;
  private String jdbcUrl;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @AfterEach
  void stop() {
    for (Instance instance : instances) {
      if (!instance.killed()) {
        instance.gateway.close();
      }
      instance.store.close();
    }
    if (observer != null) {
      observer.close();
    }
    vendors.close();
  }

  @Test
  void should_end_every_job_once_across_two_gateways_while_one_is_killed_and_restarted() throws Exception {
    int jobs = Integer.getInteger("lipsync.shared.jobs", DEFAULT_JOBS);
    long seed = Long.getLong("lipsync.shared.seed", System.nanoTime());
    System.out.println("SharedStoreTest: " + jobs + " jobs, seed " + seed + " (-Dlipsync.shared.seed=" + seed
        + " replays it)");
    Random random = new Random(seed);
    long began = System.nanoTime();

    String database = "shared_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    jdbcUrl = postgres.getJdbcUrl("postgres", database);
    observer = JdbcJobStore.postgres(jdbcUrl, "postgres", "");
    // Hundreds of jobs at once: the default five calls per host would queue them.
    vendors.http.dispatcher().setMaxRequestsPerHost(32);
    vendors.http.dispatcher().setMaxRequests(64);

    Instance[] slots = {start("a-1"), start("b")};
    Instant t0 = vendors.clock.now();

    // The jobs, half started at A and half at B, at random moments; a job due at A while it is dead
    // waits for its restart.
    Map<String, Instance> startedAt = new ConcurrentHashMap<>();
    List<Integer> waiting = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      int job = i;
      Duration at = Duration.ofMillis((long) (random.nextDouble() * START_WINDOW.toMillis()));
      TaskScript script = script(random);
      vendors.clock.schedule(at, () -> {
        Instance slot = slots[job % 2];
        if (slot.killed()) {
          waiting.add(job);
          return;
        }
        // The script is the simulator's for the tasks created from now: near enough to this job's.
        vendors.cometapi.script(script);
        slot.run(job(job));
        startedAt.put(key(job), slot);
      });
    }

    // A is killed at random moments, each time restarted after its leases ran out.
    List<String> story = new ArrayList<>();
    for (int k = 1; k <= KILLS; k++) {
      // Killed during its first call (or submit) after a random moment: the vendor got the request, the
      // answer was never read, and the process's other calls were under way, as they would be at a SIGKILL.
      Duration killIn = Duration.ofSeconds(20 + random.nextInt(100));
      Instance dying = slots[0];
      Predicate<Request> fatal = random.nextBoolean() ? request -> true : request -> request.method().equals("POST")
          && request.url().encodedPath().endsWith("/advanced-lip-sync");
      vendors.clock.schedule(killIn, () -> dying.dieDuring(fatal));
      advanceTo(vendors.clock.now().plus(killIn));
      Instant armed = vendors.clock.now();
      while (!dying.killed()) {
        if (vendors.clock.now().isAfter(armed.plus(LEASE))) {
          dying.kill(); // It sent nothing for a while: killed between calls.
        }
        advanceTo(vendors.clock.now().plusSeconds(1));
      }
      // The calls under way at the kill have reached the simulator; nothing after them may.
      dying.seenAtKill = requestsBy(dying.name);
      story.add("killed " + dying.name + " at +" + Duration.between(t0, vendors.clock.now()).toSeconds() + " s "
          + dying.killedDuring + ", with " + dying.handles.size() + " jobs started there");
      Duration down = LEASE.plusSeconds(5 + random.nextInt(60));
      advanceTo(vendors.clock.now().plus(down));
      slots[0] = start("a-" + (k + 1));
      story.add("restarted as " + slots[0].name + " " + down.toSeconds() + " s later");
      List<Integer> due = List.copyOf(waiting);
      waiting.clear();
      for (int job : due) {
        slots[0].run(job(job));
        startedAt.put(key(job), slots[0]);
      }
    }
    System.out.println("SharedStoreTest: " + String.join("; ", story));

    // Every job started; then callbacks for tasks the vendor ended, posted to the instance that did not
    // start the job, which settles them in the store before the carrying instance polls again.
    advanceTo(t0.plus(START_WINDOW).plusSeconds(1));
    Set<Recorded> confirmations = new HashSet<>();
    List<String> settledByCallback = postCallbacks(slots, startedAt, random, confirmations);

    advanceUntil(() -> observer.unfinished().isEmpty(), Duration.ofHours(2));
    // The carrying instances complete their handles from the record at their next renewal.
    advanceTo(vendors.clock.now().plus(LEASE));
    double seconds = (System.nanoTime() - began) / 1e9;

    check(jobs, startedAt, settledByCallback, confirmations);
    System.out.printf("SharedStoreTest: %d jobs ended in %.1f s real, %s virtual; %d status polls; %d callbacks"
        + " settled elsewhere%n", jobs, seconds, Duration.between(t0, vendors.clock.now()),
        vendors.cometapi.count(Endpoint.STATUS), settledByCallback.size());
  }

  /** A task's fate: 10 s to 4 min on the vendor's clock, one in ten failing. */
  private static TaskScript script(Random random) {
    TaskScript script = random.nextInt(10) == 0 ? TaskScript.fails("the face turned away") : TaskScript.succeeds();
    return script.after(Duration.ofSeconds(10 + random.nextInt(230)));
  }

  private List<String> postCallbacks(Instance[] slots, Map<String, Instance> startedAt, Random random,
      Set<Recorded> confirmations) {
    List<JobRecord> candidates = new ArrayList<>();
    for (JobRecord record : observer.unfinished()) {
      Instance starter = startedAt.get(record.idempotencyKey());
      if (record.state() == JobState.RUNNING && record.taskRef() != null && starter != null && !starter.killed()) {
        candidates.add(record);
      }
    }
    assertThat(candidates).as("jobs running at the instance that started them").isNotEmpty();
    Collections.shuffle(candidates, random);
    List<String> settled = new ArrayList<>();
    for (JobRecord record : candidates.subList(0, Math.min(CALLBACKS, candidates.size()))) {
      String key = record.idempotencyKey();
      Instance starter = startedAt.get(key);
      Instance other = starter == slots[0] ? slots[1] : slots[0];
      SimulatedTask task = vendors.cometapi.task(record.taskRef().taskId());
      int before = vendors.cometapi.requests().size();
      task.finish(true);

      CallbackOutcome outcome = other.gateway.onCallback("cometapi", vendors.cometapi.callbackBody(task.id()));

      assertThat(outcome).as(key).isEqualTo(CallbackOutcome.ACCEPTED);
      // The clock stands still: no poll can end the job meanwhile, only the callback's confirmation.
      awaitReal(() -> observer.find(key).orElseThrow().state().isTerminal(), "the callback for " + key);
      VirtualTime.until(() -> true, vendors.clock, vendors.httpInFlight);
      assertThat(observer.find(key).orElseThrow().state()).as(key + ", settled by " + other.name)
          .isEqualTo(JobState.SUCCEEDED);
      List<Recorded> all = vendors.cometapi.requests();
      List<Recorded> since = all.subList(before, all.size());
      assertThat(since).as("one status call confirmed the callback at " + other.name).hasSize(1)
          .allSatisfy(r -> assertThat(instanceOf(r)).isEqualTo(other.name));
      confirmations.addAll(since);
      settled.add(key);
    }
    return settled;
  }

  private void check(int jobs, Map<String, Instance> startedAt, List<String> settledByCallback,
      Set<Recorded> confirmations) {
    // Every job ended in the store, once: each ending is a compare-and-set that only one writer wins,
    // and the handles of the live instances agree with the record.
    Map<String, JobRecord> records = new LinkedHashMap<>();
    for (int i = 0; i < jobs; i++) {
      records.put(key(i), observer.find(key(i)).orElseThrow(() -> new AssertionError("never started")));
    }
    assertThat(records.values()).as("every job ended").allSatisfy(r -> assertThat(r.state().isTerminal())
        .as(r.idempotencyKey() + " " + r.state()).isTrue());
    assertThat(startedAt).hasSize(jobs);
    int takenOver = 0;
    for (Instance instance : instances) {
      for (Map.Entry<String, JobHandle> started : instance.handles.entrySet()) {
        JobRecord record = records.get(started.getKey());
        CompletableFuture<LipSyncResult> result = started.getValue().result();
        if (instance.killed()) {
          continue; // A dead process's handles are gone with it.
        }
        assertThat(result).as(started.getKey() + " at " + instance.name).isDone();
        Throwable failure = result.handle((value, error) -> error == null ? null : LipSyncException.causeOf(error))
            .join();
        if (failure instanceof JobStoreException && failure.getMessage().contains("taken over")) {
          takenOver++;
          continue;
        }
        assertThat(failure == null ? JobState.SUCCEEDED : JobState.FAILED)
            .as(started.getKey() + " at " + instance.name + ": " + failure).isEqualTo(record.state());
      }
    }
    assertThat(takenOver).as("no live instance lost a job it carried").isZero();
    for (String key : settledByCallback) {
      Instance starter = startedAt.get(key);
      assertThat(starter.handles.get(key).result()).as(key + " at " + starter.name + ", from the record")
          .isCompletedWithValueMatching(video -> video.taskRef().equals(records.get(key).result().taskRef()));
    }

    // No paid submit twice: one task per key at most.
    Map<String, Integer> submits = new HashMap<>();
    for (Recorded submit : vendors.cometapi.requests(Endpoint.SUBMIT)) {
      Matcher key = EXTERNAL_ID.matcher(submit.body());
      if (key.find()) {
        submits.merge(key.group(1), 1, Integer::sum);
      }
    }
    assertThat(submits.values()).as("duplicate paid submits").allMatch(count -> count == 1);
    assertThat(vendors.cometapi.tasks()).hasSizeLessThanOrEqualTo(jobs);
    // And no task's ref lost: each is its job's, or its job ended outcome unknown (the kill came between
    // the vendor's answer and its record, and CometAPI cannot look a task up by key).
    for (SimulatedTask task : vendors.cometapi.tasks()) {
      JobRecord record = records.get(String.valueOf(task.request().get("external_task_id")));
      TaskRef ref = new TaskRef("cometapi", task.id());
      assertThat(record).as("the job of task " + task.id()).isNotNull();
      assertThat(ref.equals(record.taskRef()) || record.result() != null && ref.equals(record.result().taskRef())
          || record.failure() == FailureKind.SUBMIT_OUTCOME_UNKNOWN).as(ref + " in " + record).isTrue();
    }

    // No task polled by two live instances at once: once another instance polled it, the one before never
    // polls it again (the one status call that confirms a callback aside).
    Map<String, List<String>> pollers = new TreeMap<>();
    for (Recorded poll : vendors.cometapi.requests(Endpoint.STATUS)) {
      if (confirmations.contains(poll)) {
        continue;
      }
      List<String> segments = poll.request().getUrl().pathSegments();
      List<String> order = pollers.computeIfAbsent(segments.get(segments.size() - 1), id -> new ArrayList<>());
      String instance = instanceOf(poll);
      if (order.isEmpty() || !order.get(order.size() - 1).equals(instance)) {
        order.add(instance);
      }
    }
    pollers.forEach((task, order) -> assertThat(order).as("the instances that polled task " + task + ", in turn")
        .doesNotHaveDuplicates());

    // A killed instance sent nothing after its kill.
    for (Instance instance : instances) {
      if (instance.killed()) {
        assertThat(requestsBy(instance.name)).as("requests from " + instance.name + " after its kill")
            .isEqualTo(instance.seenAtKill);
        System.out.println("SharedStoreTest: " + instance.name + " refused " + instance.refused.get()
            + " calls after its kill");
      }
    }
    Map<String, Integer> endings = new TreeMap<>();
    records.values().forEach(r -> endings.merge(r.state() + (r.failure() == null ? "" : " " + r.failure()), 1,
        Integer::sum));
    System.out.println("SharedStoreTest: endings " + endings + "; tasks " + vendors.cometapi.tasks().size()
        + "; polled by two instances in turn: " + pollers.values().stream().filter(o -> o.size() > 1).count());
  }

  private long requestsBy(String instance) {
    return vendors.cometapi.requests().stream().filter(r -> instance.equals(instanceOf(r))).count();
  }

  private static String instanceOf(Recorded request) {
    return request.request().getHeaders().get(INSTANCE_HEADER);
  }

  private static String key(int job) {
    return "shared-" + job;
  }

  private static LipSyncJob job(int job) {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview-" + job + ".mp4")
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(1))
            .audio(AudioSource.url("https://example.com/line.mp3")).build())
        .idempotencyKey(key(job))
        .build();
  }

  /** Moves the clock to {@code target}, holding it while a call is under way. */
  private void advanceTo(Instant target) {
    while (vendors.clock.now().isBefore(target)) {
      Instant slice = min(target, vendors.clock.now().plusSeconds(20));
      vendors.clock.schedule(Duration.between(vendors.clock.now(), slice), () -> { });
      VirtualTime.until(() -> !vendors.clock.now().isBefore(slice), vendors.clock, vendors.httpInFlight);
    }
  }

  /** Moves the clock until {@code condition} holds, in slices that each end within VirtualTime's real wait. */
  private void advanceUntil(BooleanSupplier condition, Duration limit) {
    Instant giveUp = vendors.clock.now().plus(limit);
    while (!condition.getAsBoolean()) {
      assertThat(vendors.clock.now()).as("still unfinished: " + observer.unfinished()).isBefore(giveUp);
      advanceTo(vendors.clock.now().plusSeconds(20));
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Waits in real time, the clock standing still, for work under way to make {@code condition} hold. */
  private static void awaitReal(BooleanSupplier condition, String what) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError(what + " did not settle within 10 s");
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private Instance start(String name) {
    Instance instance = new Instance(name, JdbcJobStore.postgres(jdbcUrl, "postgres", ""));
    instances.add(instance);
    return instance;
  }

  /**
   * One gateway process: its own pool on the database, its own instance id, and a kill switch that
   * stops it as SIGKILL would. Its HTTP client is derived from the shared one (one dispatcher, so the
   * clock waits for its calls too) and names the instance in a header of every request.
   */
  private final class Instance {
    final String name;
    final JdbcJobStore store;
    final LipSyncGateway gateway;
    final Map<String, JobHandle> handles = new ConcurrentHashMap<>();
    /** Requests this instance tried to send after its kill, and did not. */
    final AtomicInteger refused = new AtomicInteger();
    private final AtomicReference<Predicate<Request>> dying = new AtomicReference<>();
    private volatile boolean killed;
    volatile String killedDuring = "between calls";
    long seenAtKill;

    Instance(String name, JdbcJobStore store) {
      this.name = name;
      this.store = store;
      OkHttpClient client = vendors.http.newBuilder().addInterceptor(chain -> {
        if (killed) {
          refused.incrementAndGet();
          throw new IOException(name + " is dead");
        }
        Request request = chain.request().newBuilder().header(INSTANCE_HEADER, name).build();
        Predicate<Request> fatal = dying.get();
        if (fatal != null && fatal.test(request) && dying.compareAndSet(fatal, null)) {
          chain.proceed(request).close();
          killedDuring = "during " + request.method() + " " + request.url().encodedPath();
          kill();
          throw new IOException(name + " was killed before it read the answer");
        }
        return chain.proceed(request);
      }).build();
      this.gateway = vendors.gateway(vendors.provider("cometapi", ThreeVendors.REQUEST_TIMEOUT, client))
          .meterRegistry(new SimpleMeterRegistry())
          .scheduler(new Killable(vendors.clock))
          .jobStore(new KillableStore(store))
          .instanceId(name)
          .leaseDuration(LEASE)
          .recoverJobs(true)
          .build();
    }

    void run(LipSyncJob job) {
      handles.put(job.idempotencyKey(), gateway.run(job));
    }

    /** Kills this instance once the vendor has received its next request that is {@code fatal}, unread. */
    void dieDuring(Predicate<Request> fatal) {
      dying.set(fatal);
    }

    void kill() {
      killed = true;
    }

    boolean killed() {
      return killed;
    }

    /** The shared clock, until the kill: then nothing more runs, and nothing new is taken. */
    private final class Killable implements TaskScheduler {
      private final TaskScheduler clock;

      Killable(TaskScheduler clock) {
        this.clock = clock;
      }

      @Override
      public Instant now() {
        return clock.now();
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable action) {
        if (killed) {
          return () -> { };
        }
        return clock.schedule(delay, () -> {
          if (!killed) {
            action.run();
          }
        });
      }
    }

    /** The store, until the kill: then every call fails, as a dead process writes nothing. */
    private final class KillableStore implements JobStore {
      private final JobStore store;

      KillableStore(JobStore store) {
        this.store = store;
      }

      private JobStore alive() {
        if (killed) {
          throw new JobStoreException(name + " is dead");
        }
        return store;
      }

      @Override
      public boolean insert(JobRecord record, Lease lease) {
        return alive().insert(record, lease);
      }

      @Override
      public Optional<JobRecord> find(String idempotencyKey) {
        return alive().find(idempotencyKey);
      }

      @Override
      public boolean replace(JobRecord current, JobRecord next) {
        return alive().replace(current, next);
      }

      @Override
      public Optional<JobRecord> findByTask(TaskRef ref) {
        return alive().findByTask(ref);
      }

      @Override
      public List<JobRecord> unfinished() {
        return alive().unfinished();
      }

      @Override
      public List<JobRecord> recent(int limit) {
        return alive().recent(limit);
      }

      @Override
      public Set<String> renew(String owner, Instant until) {
        return alive().renew(owner, until);
      }

      @Override
      public List<JobRecord> claim(Lease lease, Instant now, int limit) {
        return alive().claim(lease, now, limit);
      }

      @Override
      public Optional<JobRecord> claim(String idempotencyKey, Lease lease, Instant now) {
        return alive().claim(idempotencyKey, lease, now);
      }

      @Override
      public void release(String idempotencyKey, String owner) {
        alive().release(idempotencyKey, owner);
      }
    }
  }
}
