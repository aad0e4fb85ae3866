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

  /** The store under test: a new, empty one for each test. */
  protected abstract JobStore store();

  /** How many times the two-writer race is run; each round is a few writes. */
  protected int raceRounds() {
    return 200;
  }

  @Test
  void should_hold_one_job_per_key() {
    JobRecord first = JobRecord.started(SampleJobs.plain("k1"), T0);

    assertThat(store().insert(first)).isTrue();
    assertThat(store().insert(JobRecord.started(SampleJobs.plain("k1"), T0.plusSeconds(1)))).isFalse();
    assertThat(store().find("k1")).contains(first);
    assertThat(store().find("k2")).isEmpty();
  }

  @Test
  void should_give_back_every_field_it_was_given() {
    for (LipSyncJob job : List.of(SampleJobs.everything("every"), SampleJobs.allFaces("all"))) {
      JobRecord started = JobRecord.started(job, T0);
      store().insert(started);
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
    store().insert(started);
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
    store().insert(started);
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
        store().insert(started);
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
    store().insert(recent);
    store().insert(old);
    store().insert(done);
    store().replace(done, done.end(JobState.FAILED, null, List.of(), FailureKind.INVALID_REQUEST, "bad", T0));

    assertThat(store().unfinished()).extracting(JobRecord::idempotencyKey).containsExactly("old", "recent");
  }
}
