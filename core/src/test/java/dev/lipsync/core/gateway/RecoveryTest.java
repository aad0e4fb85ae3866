package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.bare;
import static dev.lipsync.core.gateway.ScriptedVendors.job;
import static dev.lipsync.core.gateway.ScriptedVendors.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A gateway on a store that another gateway (dead, closed, or alive) left jobs in: what it takes over,
 * how it carries each on, and what it never does (pay twice, carry a job another carries).
 */
class RecoveryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TaskRef REF = new TaskRef("a", "task-a");

  private final ManualScheduler time = new ManualScheduler(T0);
  private final InMemoryJobStore store = new InMemoryJobStore();

  private LipSyncGateway.Builder gateway(String instance, ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(time)
        .random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0))
        .jobStore(store)
        .instanceId(instance)
        .leaseDuration(Duration.ofSeconds(30));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder;
  }

  /** What a gateway that died left: the job at {@code state}, its lease run out at {@link #T0}. */
  private void leftBehind(LipSyncJob job, JobState state, @Nullable TaskRef ref) {
    JobRecord record = JobRecord.started(job, T0.minusSeconds(60));
    store.insert(record, new Lease("dead", T0));
    record = step(record, record.moveTo(JobState.IDENTIFYING, "a", null, List.of(), T0.minusSeconds(59)));
    if (state != JobState.IDENTIFYING) {
      record = step(record, record.moveTo(JobState.SUBMITTING, "a", null, List.of(), T0.minusSeconds(58)));
    }
    if (ref != null) {
      step(record, record.moveTo(JobState.RUNNING, "a", ref, List.of(), T0.minusSeconds(57)));
    }
  }

  private JobRecord step(JobRecord current, JobRecord next) {
    assertThat(store.replace(current, next)).isTrue();
    return next;
  }

  private static Throwable failureOf(JobHandle handle) {
    return LipSyncException.causeOf(handle.result().handle((value, error) -> error).join());
  }

  private JobRecord held(LipSyncJob job) {
    return store.find(job.idempotencyKey()).orElseThrow();
  }

  @Test
  void should_track_the_task_of_a_job_whose_gateway_died_and_record_its_video() {
    LipSyncJob job = job();
    leftBehind(job, JobState.RUNNING, REF);
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", succeeded(REF));

    gateway("alive", a).build();
    time.advance(Duration.ofSeconds(10));

    assertThat(a.calls("submit")).as("the task exists; it is never paid again").isZero();
    assertThat(a.calls("status")).isEqualTo(1);
    assertThat(held(job).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(held(job).result().taskRef()).isEqualTo(REF);
    assertThat(held(job).version()).as("the task was on record as running: only the ending is written")
        .isEqualTo(5);
  }

  @Test
  void should_wait_for_a_lease_that_has_not_run_out() {
    LipSyncJob job = job();
    leftBehind(job, JobState.RUNNING, REF);
    store.renew("dead", T0.plusSeconds(20));
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", succeeded(REF));

    gateway("alive", a).build();
    time.advance(Duration.ofSeconds(19));
    assertThat(a.calls("status")).as("its gateway may still be alive").isZero();

    time.advance(Duration.ofSeconds(20));
    assertThat(held(job).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void should_end_an_unanswered_submit_outcome_unknown_where_the_vendor_cannot_look_it_up() {
    LipSyncJob job = job();
    leftBehind(job, JobState.SUBMITTING, null);
    ScriptedProvider a = bare("a", false, false, "0.01");

    gateway("alive", a).build();
    time.advance(Duration.ofSeconds(10));

    JobRecord ended = held(job);
    assertThat(a.calls("submit")).as("a submit that may have created a task is never sent again").isZero();
    assertThat(ended.state()).isEqualTo(JobState.FAILED);
    assertThat(ended.failure()).isEqualTo(FailureKind.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(ended.failureMessage()).contains("stopped before its answer was recorded");
    assertThat(ended.attempts()).extracting(Attempt::vendor, Attempt::outcome, Attempt::submitSent)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Attempt.Outcome.OUTCOME_UNKNOWN, true));
  }

  @Test
  void should_find_an_unanswered_submit_by_its_key_where_the_vendor_can_and_track_it() {
    LipSyncJob job = job();
    leftBehind(job, JobState.SUBMITTING, null);
    ScriptedProvider a = bare("a", true, false, "0.01").on("lookup", Optional.of(REF)).on("status", succeeded(REF));

    gateway("alive", a).build();
    time.advance(Duration.ofSeconds(10));

    assertThat(a.calls("lookup")).isEqualTo(1);
    assertThat(a.calls("submit")).isZero();
    assertThat(held(job).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(held(job).taskRef()).isEqualTo(REF);
  }

  @Test
  void should_go_on_with_a_job_that_had_not_reached_its_submit() {
    LipSyncJob job = job();
    leftBehind(job, JobState.IDENTIFYING, null);
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", succeeded(REF));

    gateway("alive", a).build();
    time.advance(Duration.ofSeconds(10));

    assertThat(a.calls("identify")).isEqualTo(1);
    assertThat(a.calls("submit")).isEqualTo(1);
    assertThat(held(job).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void should_take_over_nothing_when_told_not_to() {
    LipSyncJob job = job();
    leftBehind(job, JobState.RUNNING, REF);
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", succeeded(REF));

    gateway("alive", a).recoverJobs(false).build();
    time.advance(Duration.ofMinutes(5));

    assertThat(a.calls("status")).isZero();
    assertThat(held(job).state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void should_let_go_of_a_job_another_gateway_took_over() {
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    LipSyncJob job = job();
    JobHandle handle = gateway("slow", a).build().run(job);
    time.advance(Duration.ofSeconds(1));
    assertThat(held(job).state()).isEqualTo(JobState.RUNNING);

    // This gateway stalled past its lease, and another took the job over meanwhile.
    assertThat(store.claim(new Lease("other", T0.plusSeconds(300)), T0.plusSeconds(60), 10)).hasSize(1);
    time.advance(Duration.ofSeconds(10));

    assertThat(failureOf(handle)).isInstanceOf(JobStoreException.class)
        .hasMessageContaining("was taken over by another gateway");
    int polls = a.calls("status");
    time.advance(Duration.ofMinutes(2));
    assertThat(a.calls("status")).as("no task is polled by two gateways").isEqualTo(polls);
    assertThat(held(job).state()).as("left to the other gateway").isEqualTo(JobState.RUNNING);
  }

  @Test
  void should_leave_a_job_unfinished_on_close_for_the_next_gateway_to_carry_on() {
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    LipSyncJob job = job();
    LipSyncGateway first = gateway("first", a).build();
    JobHandle handle = first.run(job);
    time.advance(Duration.ofSeconds(1));

    first.close();

    assertThat(failureOf(handle)).isInstanceOf(GatewayClosedException.class)
        .hasMessageContaining("the next gateway on it carries it on");
    assertThat(held(job).state()).isEqualTo(JobState.RUNNING);
    ScriptedProvider again = bare("a", false, false, "0.01").on("status", succeeded(REF));
    gateway("second", again).build();
    time.advance(Duration.ofSeconds(6));
    assertThat(held(job).state()).as("taken at once, not 30 s on: the lease was given up, and the first poll is"
        + " 5 s after").isEqualTo(JobState.SUCCEEDED);
    assertThat(again.calls("submit")).isZero();
  }

  @Test
  void should_renew_the_leases_of_its_jobs_while_it_lives() {
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    LipSyncJob job = job();
    CompletableFuture<?> result = gateway("alive", a).build().run(job).result();

    time.advance(Duration.ofMinutes(3));

    assertThat(result).isNotDone();
    assertThat(store.claim(new Lease("other", T0.plusSeconds(600)), time.now(), 10))
        .as("renewed every 10 s, so never run out").isEmpty();
  }

  @Test
  void should_take_over_jobs_when_asked_by_a_gateway_that_does_not_on_its_own() {
    LipSyncJob job = job();
    leftBehind(job, JobState.RUNNING, REF);
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", succeeded(REF));
    LipSyncGateway gateway = gateway("asked", a).recoverJobs(false).build();
    time.advance(Duration.ofSeconds(10));
    assertThat(a.calls("status")).isZero();

    List<JobHandle> taken = gateway.takeOverJobs();

    assertThat(taken).hasSize(1);
    assertThat(taken.get(0).taskRef()).contains(REF);
    time.advance(Duration.ofSeconds(10));
    assertThat(taken.get(0).result()).isCompletedWithValueMatching(result -> result.taskRef().equals(REF));
    assertThat(gateway.takeOverJobs()).as("nothing left to take").isEmpty();
  }

  @Test
  void should_take_over_one_named_job_and_not_one_a_live_gateway_carries() {
    LipSyncJob left = job();
    leftBehind(left, JobState.RUNNING, REF);
    LipSyncJob alive = job();
    store.insert(JobRecord.started(alive, T0), new Lease("alive", T0.plusSeconds(60)));
    LipSyncGateway gateway = gateway("asked", bare("a", false, false, "0.01").on("status", succeeded(REF)))
        .recoverJobs(false).build();

    assertThat(gateway.takeOverJob(alive.idempotencyKey())).isEmpty();
    assertThat(gateway.takeOverJob("no-such-key")).isEmpty();
    JobHandle taken = gateway.takeOverJob(left.idempotencyKey()).orElseThrow();
    time.advance(Duration.ofSeconds(10));
    assertThat(taken.result()).isCompleted();
    assertThat(held(alive).state()).isEqualTo(JobState.IDENTIFYING);
    assertThatIllegalStateException().isThrownBy(() -> LipSyncGateway.builder().scheduler(time)
        .provider(bare("a", false, false, "0.01")).build().takeOverJobs()).withMessageContaining("Builder.jobStore");
  }

  @Test
  void should_let_go_of_its_jobs_when_the_store_was_out_of_reach_for_a_whole_lease() {
    OutageStore reachable = new OutageStore(store);
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    LipSyncJob job = job();
    JobHandle handle = LipSyncGateway.builder().scheduler(time).random(() -> 0.0).provider(a)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0))
        .jobStore(reachable).instanceId("cut-off").leaseDuration(Duration.ofSeconds(30)).build().run(job);
    time.advance(Duration.ofSeconds(1));

    reachable.down = true;
    time.advance(Duration.ofSeconds(25));
    assertThat(handle.result()).as("within a lease: its lease may still hold").isNotDone();
    time.advance(Duration.ofSeconds(10));

    assertThat(failureOf(handle)).isInstanceOf(JobStoreException.class)
        .hasMessageContaining("could not reach the job store for a whole lease");
    int polls = a.calls("status");
    time.advance(Duration.ofMinutes(2));
    assertThat(a.calls("status")).as("another gateway may poll it now; this one does not").isEqualTo(polls);
    assertThat(held(job).state()).as("the job goes on from the store").isEqualTo(JobState.RUNNING);
  }

  /** A store that, while {@link #down}, cannot be reached at all. */
  private static final class OutageStore implements dev.lipsync.core.store.JobStore {
    private final InMemoryJobStore held;
    volatile boolean down;

    OutageStore(InMemoryJobStore held) {
      this.held = held;
    }

    private void reach() {
      if (down) {
        throw new JobStoreException("the database is out of reach");
      }
    }

    @Override
    public boolean insert(JobRecord record, Lease lease) {
      reach();
      return held.insert(record, lease);
    }

    @Override
    public Optional<JobRecord> find(String idempotencyKey) {
      reach();
      return held.find(idempotencyKey);
    }

    @Override
    public Optional<JobRecord> findByTask(TaskRef ref) {
      reach();
      return held.findByTask(ref);
    }

    @Override
    public boolean replace(JobRecord current, JobRecord next) {
      reach();
      return held.replace(current, next);
    }

    @Override
    public List<JobRecord> unfinished() {
      reach();
      return held.unfinished();
    }

    @Override
    public List<JobRecord> recent(int limit) {
      reach();
      return held.recent(limit);
    }

    @Override
    public java.util.Set<String> renew(String owner, Instant until) {
      reach();
      return held.renew(owner, until);
    }

    @Override
    public List<JobRecord> claim(Lease lease, Instant now, int limit) {
      reach();
      return held.claim(lease, now, limit);
    }

    @Override
    public Optional<JobRecord> claim(String idempotencyKey, Lease lease, Instant now) {
      reach();
      return held.claim(idempotencyKey, lease, now);
    }

    @Override
    public void release(String idempotencyKey, String owner) {
      reach();
      held.release(idempotencyKey, owner);
    }
  }

  // ---- several gateways on one store -------------------------------------------------------------

  @Test
  void should_complete_a_job_from_a_callback_that_reached_another_gateway() {
    TaskSnapshot running = TaskSnapshot.builder(REF, TaskState.RUNNING).build();
    ScriptedProvider atA = bare("a", false, false, "0.01").on("status", running, running, running, running);
    ScriptedProvider atB = bare("a", false, false, "0.01").on("callback", succeeded(REF)).on("status", succeeded(REF));
    LipSyncJob job = job();
    JobHandle handle = gateway("gateway-a", atA).build().run(job);
    LipSyncGateway b = gateway("gateway-b", atB).recoverJobs(false).build();
    time.advance(Duration.ofSeconds(6));
    assertThat(handle.taskRef()).contains(REF);

    assertThat(b.onCallback("a", "{\"task\": \"done\"}")).isEqualTo(CallbackOutcome.ACCEPTED);

    assertThat(atB.calls("status")).as("the ending confirmed with the vendor").isEqualTo(1);
    assertThat(held(job).state()).isEqualTo(JobState.SUCCEEDED);
    time.advance(Duration.ofSeconds(10));
    assertThat(handle.result()).as("completed at gateway a, where its handle is").isCompletedWithValueMatching(
        result -> result.taskRef().equals(REF) && result.videos().size() == 1);
    int polls = atA.calls("status");
    time.advance(Duration.ofMinutes(1));
    assertThat(atA.calls("status")).as("gateway a stopped polling the ended task").isEqualTo(polls);
  }

  @Test
  void should_not_believe_a_callback_for_another_gateway_s_job_that_the_vendor_contradicts() {
    TaskSnapshot running = TaskSnapshot.builder(REF, TaskState.RUNNING).build();
    ScriptedProvider atA = bare("a", false, false, "0.01").on("status", running, running, running);
    ScriptedProvider atB = bare("a", false, false, "0.01").on("callback", succeeded(REF)).on("status", running);
    LipSyncJob job = job();
    gateway("gateway-a", atA).build().run(job);
    LipSyncGateway b = gateway("gateway-b", atB).recoverJobs(false).build();
    time.advance(Duration.ofSeconds(6));

    b.onCallback("a", "{}");

    assertThat(held(job).state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void should_give_a_handle_on_a_job_that_another_gateway_carries() {
    TaskSnapshot running = TaskSnapshot.builder(REF, TaskState.RUNNING).build();
    ScriptedProvider atA = bare("a", false, false, "0.01").on("status", running, succeeded(REF));
    LipSyncJob job = job();
    gateway("gateway-a", atA).build().run(job);
    LipSyncGateway b = gateway("gateway-b", bare("a", false, false, "0.01")).recoverJobs(false).build();
    time.advance(Duration.ofSeconds(6));

    JobHandle there = b.job(job.idempotencyKey()).orElseThrow();

    assertThat(there.state()).isEqualTo(JobState.RUNNING);
    assertThat(there.taskRef()).contains(REF);
    assertThat(there.result()).isNotDone();
    time.advance(Duration.ofSeconds(20));
    assertThat(there.result()).isCompletedWithValueMatching(result -> result.taskRef().equals(REF));
    assertThat(b.job("no-such-key")).isEmpty();
  }

  @Test
  void should_give_a_handle_on_an_ended_job_that_fails_as_it_failed() {
    LipSyncJob job = job();
    leftBehind(job, JobState.SUBMITTING, null);
    gateway("alive", bare("a", false, false, "0.01")).build();
    time.advance(Duration.ofSeconds(1));

    JobHandle ended = gateway("another", bare("a", false, false, "0.01")).recoverJobs(false).build()
        .job(job.idempotencyKey()).orElseThrow();

    assertThat(ended.state()).isEqualTo(JobState.FAILED);
    assertThat(failureOf(ended)).isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("stopped before its answer was recorded");
  }

  // ---- past the deadline -----------------------------------------------------------------------

  private static LipSyncJob dueInAMinute() {
    return LipSyncJob.builder().video(ScriptedVendors.VIDEO).audio(AudioSource.url("https://example.com/a.mp3"))
        .timeout(Duration.ofMinutes(1)).build();
  }

  @Test
  void should_follow_a_paid_task_past_its_deadline_and_keep_its_late_video() {
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    LipSyncJob job = dueInAMinute();
    JobHandle handle = gateway("alive", a).build().run(job);
    time.advance(Duration.ofSeconds(61));

    assertThat(failureOf(handle)).isInstanceOf(DeadlineExceededException.class);
    assertThat(((LipSyncException) failureOf(handle)).taskRef()).contains(REF);
    assertThat(held(job).state()).as("the application has its answer; the task is still followed")
        .isEqualTo(JobState.OVERDUE);
    assertThat(held(job).taskRef()).isEqualTo(REF);

    int polls = a.calls("status");
    a.on("status", succeeded(REF));
    time.advance(Duration.ofMinutes(4));

    assertThat(a.calls("status") - polls).as("sparse: after 1 and 2 minutes, then 4").isBetween(1, 3);
    JobRecord late = held(job);
    assertThat(late.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(late.result().videos()).extracting(video -> video.url().toString())
        .containsExactly("https://cdn.example.com/task-a.mp4");
    assertThat(late.attempts()).extracting(Attempt::outcome)
        .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED);
  }

  @Test
  void should_record_a_late_failure_of_a_task_past_its_deadline() {
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    LipSyncJob job = dueInAMinute();
    gateway("alive", a).build().run(job);
    time.advance(Duration.ofSeconds(61));
    a.on("status", TaskSnapshot.builder(REF, TaskState.FAILED).failure(new TaskFailure("1201", "no face")).build());

    time.advance(Duration.ofMinutes(2));

    assertThat(held(job).state()).isEqualTo(JobState.FAILED);
    assertThat(held(job).failure()).isEqualTo(FailureKind.TASK_FAILED);
    assertThat(held(job).failureMessage()).contains("no face");
  }

  @Test
  void should_stop_at_the_deadline_with_the_default_store_which_dies_with_the_gateway() {
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    JobHandle handle = LipSyncGateway.builder().scheduler(time).provider(a)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0)).build()
        .run(dueInAMinute());
    time.advance(Duration.ofSeconds(61));
    assertThat(failureOf(handle)).isInstanceOf(DeadlineExceededException.class);

    int polls = a.calls("status");
    time.advance(Duration.ofHours(1));
    assertThat(a.calls("status")).isEqualTo(polls);
  }

  @Test
  void should_follow_an_overdue_task_that_another_gateway_left_and_one_that_closed() {
    ScriptedProvider first = bare("a", false, false, "0.01").on("status", TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    LipSyncJob job = dueInAMinute();
    LipSyncGateway closing = gateway("first", first).build();
    closing.run(job);
    time.advance(Duration.ofSeconds(61));
    assertThat(held(job).state()).isEqualTo(JobState.OVERDUE);

    closing.close();
    int polls = first.calls("status");
    ScriptedProvider second = bare("a", false, false, "0.01").on("status", succeeded(REF));
    gateway("second", second).build();
    time.advance(Duration.ofMinutes(2));

    assertThat(first.calls("status")).as("the closed gateway follows it no more").isEqualTo(polls);
    assertThat(held(job).state()).as("taken over at once, and its video kept").isEqualTo(JobState.SUCCEEDED);
    assertThat(second.calls("submit")).isZero();
  }
}
