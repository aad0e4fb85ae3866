package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.store.TaskDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do, as tests: extend it, return a new, empty store from {@link
 * #store()} for each test, and every test here runs against that store.
 */
public abstract class JobStoreContract {
  protected static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123Z");
  private static final TaskRef TASK = new TaskRef("cometapi", "842");
  /** This gateway's lease, as it starts its jobs at {@link #T0}. */
  private static final Lease HERE = new Lease("here", T0.plusSeconds(30));

  /** The store under test: a new, empty one for each test. */
  protected abstract JobStore store();

  /** How many times the two-writer race is run; each round is a few writes. */
  protected int raceRounds() {
    return 200;
  }

  @Test
  void should_hold_one_job_per_key() {
    JobRecord first = JobRecord.started(SampleJobs.plain("k1"), T0);

    assertThat(store().insert(first, HERE)).isTrue();
    assertThat(store().insert(JobRecord.started(SampleJobs.plain("k1"), T0.plusSeconds(1)), HERE)).isFalse();
    assertThat(store().find("k1")).contains(first);
    assertThat(store().find("k2")).isEmpty();
  }

  @Test
  void should_give_back_every_field_it_was_given() {
    for (LipSyncJob job : List.of(SampleJobs.everything("every"), SampleJobs.allFaces("all"))) {
      JobRecord started = JobRecord.started(job, T0);
      store().insert(started, HERE);
      assertThat(store().find(job.idempotencyKey())).contains(started);

      Attempt failed = Attempt.builder("cometapi", Attempt.Outcome.FAILED)
          .failure(FailureKind.UNAVAILABLE, "cometapi: 503").build();
      JobRecord submitting = started.moveTo(JobState.SUBMITTING, "apimodels", null, List.of(failed), T0.plusSeconds(1));
      store().replace(started, submitting);
      assertThat(store().find(job.idempotencyKey())).contains(submitting);

      JobRecord done = submitting.succeeded(SampleJobs.result(job.idempotencyKey(), T0), T0.plusSeconds(2));
      store().replace(submitting, done);
      assertThat(store().find(job.idempotencyKey())).contains(done);
    }
  }

  @Test
  void should_replace_only_the_version_it_was_given_and_never_an_ended_job() {
    JobRecord started = JobRecord.started(SampleJobs.plain("k1"), T0);
    store().insert(started, HERE);
    JobRecord submitting = started.moveTo(JobState.SUBMITTING, "cometapi", null, List.of(), T0.plusSeconds(1));
    JobRecord running = submitting.moveTo(JobState.RUNNING, null, TASK, List.of(), T0.plusSeconds(2));

    assertThat(store().replace(started, submitting)).isTrue();
    assertThat(store().replace(started, started.moveTo(JobState.IDENTIFYING, "apimodels", null, List.of(), T0)))
        .as("a stale writer loses").isFalse();
    assertThat(store().replace(submitting, running)).isTrue();
    JobRecord ended = running.end(JobState.FAILED, TASK, List.of(), FailureKind.TASK_FAILED, "face not found",
        T0.plusSeconds(3));
    assertThat(store().replace(running, ended)).isTrue();
    assertThat(store().find("k1")).get().satisfies(held -> {
      assertThat(held.state()).isEqualTo(JobState.FAILED);
      assertThat(held.vendor()).isEqualTo("cometapi");
      assertThat(held.taskRef()).isEqualTo(TASK);
      assertThat(held.failure()).isEqualTo(FailureKind.TASK_FAILED);
      assertThat(held.failureMessage()).isEqualTo("face not found");
      assertThat(held.version()).isEqualTo(4);
      assertThat(held.createdAt()).isEqualTo(T0);
      assertThat(held.updatedAt()).isEqualTo(T0.plusSeconds(3));
    });
    assertThatIllegalStateException().isThrownBy(
        () -> ended.moveTo(JobState.RUNNING, null, TASK, List.of(), T0)).withMessageContaining("ended FAILED");
    JobRecord forged = new JobRecord("k1", ended.job(), JobState.RUNNING, "cometapi", TASK, List.of(), null, null,
        null, ended.version(), T0, T0);
    assertThat(store().replace(forged, forged.moveTo(JobState.RUNNING, null, TASK, List.of(), T0)))
        .as("an ended job is never replaced, even by a writer that holds its version").isFalse();
    assertThat(store().find("k1")).contains(ended);
  }

  @Test
  void should_refuse_a_next_record_that_is_not_the_next_version_of_the_same_job() {
    JobRecord started = JobRecord.started(SampleJobs.plain("k1"), T0);
    store().insert(started, HERE);
    JobRecord skipping = started.moveTo(JobState.SUBMITTING, "a", null, List.of(), T0)
        .moveTo(JobState.RUNNING, null, TASK, List.of(), T0);

    assertThatIllegalArgumentException().isThrownBy(() -> store().replace(started, skipping))
        .withMessage("next: version 3 must follow version 1");
    assertThatIllegalArgumentException().isThrownBy(() -> store().replace(started,
        JobRecord.started(SampleJobs.plain("k2"), T0).moveTo(JobState.SUBMITTING, "a", null, List.of(), T0)));
    assertThat(store().find("k1")).contains(started);
  }

  @Test
  void should_let_exactly_one_of_two_writers_end_a_job() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < raceRounds(); round++) {
        String key = "race-" + round;
        JobRecord started = JobRecord.started(SampleJobs.plain(key), T0);
        JobRecord running = started.moveTo(JobState.RUNNING, "a", TASK, List.of(), T0);
        store().insert(started, HERE);
        store().replace(started, running);
        CountDownLatch go = new CountDownLatch(1);
        Future<Boolean> succeeded = threads.submit(() -> {
          go.await();
          return store().replace(running, running.succeeded(SampleJobs.result(key, T0), T0));
        });
        Future<Boolean> cancelled = threads.submit(() -> {
          go.await();
          return store().replace(running, running.end(JobState.CANCELLED, TASK, List.of(), null, "cancelled", T0));
        });
        go.countDown();

        boolean first = succeeded.get(10, TimeUnit.SECONDS);
        boolean second = cancelled.get(10, TimeUnit.SECONDS);
        assertThat(first ^ second).as("round " + round + ": exactly one ending").isTrue();
        assertThat(store().find(key).orElseThrow().state())
            .isEqualTo(first ? JobState.SUCCEEDED : JobState.CANCELLED);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void should_list_the_unfinished_jobs_oldest_first() {
    JobRecord old = JobRecord.started(SampleJobs.plain("old"), T0);
    JobRecord recent = JobRecord.started(SampleJobs.plain("recent"), T0.plusSeconds(60));
    JobRecord done = JobRecord.started(SampleJobs.plain("done"), T0.plusSeconds(30));
    store().insert(recent, HERE);
    store().insert(old, HERE);
    store().insert(done, HERE);
    store().replace(done, done.end(JobState.FAILED, null, List.of(), FailureKind.INVALID_REQUEST, "bad", T0));

    assertThat(store().unfinished()).extracting(JobRecord::idempotencyKey).containsExactly("old", "recent");
  }

  @Test
  void should_find_a_job_by_its_task() {
    JobRecord started = JobRecord.started(SampleJobs.plain("k1"), T0);
    store().insert(started, HERE);
    store().insert(JobRecord.started(SampleJobs.plain("k2"), T0), HERE);
    assertThat(store().findByTask(TASK)).isEmpty();
    JobRecord running = started.moveTo(JobState.RUNNING, "cometapi", TASK, List.of(), T0.plusSeconds(1));
    store().replace(started, running);

    assertThat(store().findByTask(TASK)).contains(running);
    assertThat(store().findByTask(new TaskRef("cometapi", "843"))).isEmpty();
    assertThat(store().findByTask(new TaskRef("alad", "842"))).as("the vendor is part of the task").isEmpty();
  }

  @Test
  void should_list_the_recent_jobs_newest_first_ended_or_not_up_to_the_limit() {
    JobRecord oldest = JobRecord.started(SampleJobs.plain("oldest"), T0);
    JobRecord tieB = JobRecord.started(SampleJobs.plain("tie-b"), T0.plusSeconds(30));
    JobRecord tieA = JobRecord.started(SampleJobs.plain("tie-a"), T0.plusSeconds(30));
    JobRecord newest = JobRecord.started(SampleJobs.plain("newest"), T0.plusSeconds(60));
    for (JobRecord record : List.of(tieB, oldest, newest, tieA)) {
      store().insert(record, HERE);
    }
    JobRecord ended = newest.end(JobState.FAILED, null, List.of(), FailureKind.INVALID_REQUEST, "bad",
        T0.plusSeconds(90));
    store().replace(newest, ended);

    assertThat(store().recent(10)).containsExactly(ended, tieA, tieB, oldest);
    assertThat(store().recent(2)).extracting(JobRecord::idempotencyKey).containsExactly("newest", "tie-a");
    assertThat(store().recent(1)).containsExactly(ended);
  }

  @Test
  void should_refuse_a_recent_limit_under_1_and_list_nothing_from_an_empty_store() {
    assertThat(store().recent(5)).isEmpty();
    assertThatIllegalArgumentException().isThrownBy(() -> store().recent(0)).withMessageContaining("limit");
    assertThatIllegalArgumentException().isThrownBy(() -> store().recent(-1)).withMessageContaining("limit");
  }

  // ---- leases ------------------------------------------------------------------------------------

  @Test
  void should_let_no_other_gateway_take_a_job_before_its_lease_runs_out() {
    JobRecord started = JobRecord.started(SampleJobs.plain("k1"), T0);
    store().insert(started, HERE);
    Lease there = new Lease("there", T0.plusSeconds(90));

    assertThat(store().claim(there, T0.plusSeconds(29), 10)).isEmpty();
    assertThat(store().claim(there, T0.plusSeconds(30), 10)).as("the lease ran out at 30 s").containsExactly(started);
    assertThat(store().claim(new Lease("third", T0.plusSeconds(120)), T0.plusSeconds(31), 10))
        .as("taken over already").isEmpty();
    assertThat(store().renew("here", T0.plusSeconds(60))).as("the old owner lost it").isEmpty();
    assertThat(store().renew("there", T0.plusSeconds(100))).containsExactly("k1");
  }

  @Test
  void should_keep_a_renewed_lease_and_renew_only_jobs_not_ended() {
    JobRecord one = JobRecord.started(SampleJobs.plain("one"), T0);
    JobRecord two = JobRecord.started(SampleJobs.plain("two"), T0);
    JobRecord elsewhere = JobRecord.started(SampleJobs.plain("elsewhere"), T0);
    store().insert(one, HERE);
    store().insert(two, HERE);
    store().insert(elsewhere, new Lease("there", T0.plusSeconds(30)));
    store().replace(two, two.end(JobState.CANCELLED, null, List.of(), null, "cancelled", T0));

    assertThat(store().renew("here", T0.plusSeconds(60))).containsExactly("one");
    assertThat(store().claim(new Lease("third", T0.plusSeconds(100)), T0.plusSeconds(45), 10))
        .as("renewed to 60 s; its neighbour was not").extracting(JobRecord::idempotencyKey)
        .containsExactly("elsewhere");
  }

  @Test
  void should_take_over_one_named_job_only_once_its_lease_ran_out() {
    JobRecord started = JobRecord.started(SampleJobs.plain("k1"), T0);
    store().insert(started, HERE);
    store().insert(JobRecord.started(SampleJobs.plain("k2"), T0), HERE);
    Lease there = new Lease("there", T0.plusSeconds(90));

    assertThat(store().claim("k1", there, T0.plusSeconds(29))).isEmpty();
    assertThat(store().claim("k1", there, T0.plusSeconds(30))).contains(started);
    assertThat(store().claim("k1", new Lease("third", T0.plusSeconds(90)), T0.plusSeconds(31))).isEmpty();
    assertThat(store().claim("nobody", there, T0.plusSeconds(31))).isEmpty();
    assertThat(store().renew("here", T0.plusSeconds(60))).as("the other job stays where it was")
        .containsExactly("k2");
  }

  @Test
  void should_let_a_released_job_be_taken_at_once() {
    JobRecord started = JobRecord.started(SampleJobs.plain("k1"), T0);
    store().insert(started, HERE);

    store().release("k1", "not-the-owner");
    assertThat(store().claim(new Lease("there", T0.plusSeconds(60)), T0, 10)).isEmpty();
    store().release("k1", "here");
    assertThat(store().claim(new Lease("there", T0.plusSeconds(60)), T0, 10)).containsExactly(started);
  }

  @Test
  void should_claim_the_oldest_jobs_first_up_to_the_limit_and_never_an_ended_one() {
    JobRecord newer = JobRecord.started(SampleJobs.plain("newer"), T0.plusSeconds(2));
    JobRecord older = JobRecord.started(SampleJobs.plain("older"), T0.plusSeconds(1));
    JobRecord oldest = JobRecord.started(SampleJobs.plain("oldest"), T0);
    JobRecord ended = JobRecord.started(SampleJobs.plain("ended"), T0.minusSeconds(1));
    for (JobRecord record : List.of(newer, older, oldest, ended)) {
      store().insert(record, HERE);
    }
    store().replace(ended, ended.end(JobState.FAILED, null, List.of(), FailureKind.INVALID_REQUEST, "bad", T0));
    Instant late = T0.plusSeconds(300);

    assertThat(store().claim(new Lease("there", late.plusSeconds(30)), late, 2))
        .extracting(JobRecord::idempotencyKey).containsExactly("oldest", "older");
    assertThat(store().claim(new Lease("third", late.plusSeconds(30)), late, 2))
        .extracting(JobRecord::idempotencyKey).containsExactly("newer");
  }

  @Test
  void should_give_each_job_to_one_of_two_gateways_claiming_at_once() throws Exception {
    int jobs = 40;
    for (int i = 0; i < jobs; i++) {
      store().insert(JobRecord.started(SampleJobs.plain("job-" + i), T0.plusMillis(i)), HERE);
    }
    Instant late = T0.plusSeconds(300);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> claims = new java.util.ArrayList<>();
      for (String gateway : List.of("a", "b")) {
        claims.add(threads.submit(() -> {
          go.await();
          List<String> mine = new java.util.ArrayList<>();
          List<JobRecord> batch;
          do {
            batch = store().claim(new Lease(gateway, late.plusSeconds(30)), late, 3);
            batch.forEach(record -> mine.add(record.idempotencyKey()));
          } while (!batch.isEmpty());
          return mine;
        }));
      }
      go.countDown();
      List<String> a = claims.get(0).get(30, TimeUnit.SECONDS);
      List<String> b = claims.get(1).get(30, TimeUnit.SECONDS);

      assertThat(java.util.Collections.disjoint(a, b)).as("no job claimed twice: " + a + " and " + b).isTrue();
      assertThat(a.size() + b.size()).isEqualTo(jobs);
      assertThat(store().renew("a", late.plusSeconds(60))).containsExactlyInAnyOrderElementsOf(a);
    } finally {
      threads.shutdownNow();
    }
  }

  // ---- durations ----------------------------------------------------------------------------

  private static TaskDuration took(String vendor, int audioSeconds, int seconds, Instant endedAt) {
    return new TaskDuration(vendor, Duration.ofSeconds(audioSeconds), Duration.ofSeconds(seconds), endedAt);
  }

  @Test
  void should_give_back_a_vendors_most_recent_durations_newest_first_up_to_the_limit() {
    TaskDuration first = took("kling", 10, 100, T0);
    TaskDuration third = took("kling", 30, 300, T0.plusSeconds(2));
    TaskDuration second = took("kling", 20, 200, T0.plusSeconds(1));
    store().recordDuration(first);
    store().recordDuration(third);
    store().recordDuration(second);
    store().recordDuration(took("alad", 5, 50, T0.plusSeconds(3)));

    assertThat(store().durations("kling", 10)).containsExactly(third, second, first);
    assertThat(store().durations("kling", 2)).containsExactly(third, second);
    assertThat(store().durations("cometapi", 10)).isEmpty();
  }

  @Test
  void should_keep_two_equal_durations_as_two_and_times_to_the_millisecond() {
    TaskDuration took = new TaskDuration("kling", Duration.ofNanos(12_345_678_901L), Duration.ofSeconds(100), T0);
    store().recordDuration(took);
    store().recordDuration(took);

    assertThat(store().durations("kling", 10)).hasSize(2).allSatisfy(kept -> {
      assertThat(kept).isEqualTo(took);
      assertThat(kept.audio()).isEqualTo(Duration.ofMillis(12_345));
    });
  }

  @Test
  void should_refuse_a_durations_limit_under_1() {
    assertThatIllegalArgumentException().isThrownBy(() -> store().durations("kling", 0))
        .withMessageContaining("limit: 0");
  }
}
