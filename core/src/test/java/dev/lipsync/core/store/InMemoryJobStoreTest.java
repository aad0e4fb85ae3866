package dev.lipsync.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryJobStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final TaskRef TASK = new TaskRef("cometapi", "842");

  private final InMemoryJobStore store = new InMemoryJobStore();

  private static LipSyncJob job(String key) {
    return LipSyncJob.builder().video(VideoSource.url("https://example.com/v.mp4"))
        .audio(AudioSource.url("https://example.com/a.mp3")).idempotencyKey(key).build();
  }

  @Test
  void should_hold_one_job_per_key() {
    JobRecord first = JobRecord.started(job("k1"), T0);

    assertThat(store.insert(first)).isTrue();
    assertThat(store.insert(JobRecord.started(job("k1"), T0.plusSeconds(1)))).isFalse();
    assertThat(store.find("k1")).contains(first);
    assertThat(store.find("k2")).isEmpty();
  }

  @Test
  void should_replace_only_the_version_it_was_given_and_never_an_ended_job() {
    JobRecord started = JobRecord.started(job("k1"), T0);
    store.insert(started);
    JobRecord submitting = started.moveTo(JobState.SUBMITTING, "cometapi", null, List.of(), T0.plusSeconds(1));
    JobRecord running = submitting.moveTo(JobState.RUNNING, null, TASK, List.of(), T0.plusSeconds(2));

    assertThat(store.replace(started, submitting)).isTrue();
    assertThat(store.replace(started, started.moveTo(JobState.IDENTIFYING, "apimodels", null, List.of(), T0)))
        .as("a stale writer loses").isFalse();
    assertThat(store.replace(submitting, running)).isTrue();
    JobRecord ended = running.end(JobState.SUCCEEDED, TASK, List.of(), null, null, T0.plusSeconds(3));
    assertThat(store.replace(running, ended)).isTrue();
    assertThat(store.find("k1")).get().satisfies(held -> {
      assertThat(held.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(held.vendor()).isEqualTo("cometapi");
      assertThat(held.taskRef()).isEqualTo(TASK);
      assertThat(held.version()).isEqualTo(4);
      assertThat(held.createdAt()).isEqualTo(T0);
      assertThat(held.updatedAt()).isEqualTo(T0.plusSeconds(3));
    });
    assertThatIllegalStateException().isThrownBy(
        () -> ended.moveTo(JobState.RUNNING, null, TASK, List.of(), T0)).withMessageContaining("ended SUCCEEDED");
  }

  @Test
  void should_refuse_a_next_record_that_is_not_the_next_version_of_the_same_job() {
    JobRecord started = JobRecord.started(job("k1"), T0);
    store.insert(started);
    JobRecord skipping = started.moveTo(JobState.SUBMITTING, "a", null, List.of(), T0)
        .moveTo(JobState.RUNNING, null, TASK, List.of(), T0);

    assertThatIllegalArgumentException().isThrownBy(() -> store.replace(started, skipping))
        .withMessage("next: version 3 must follow version 1");
    assertThatIllegalArgumentException().isThrownBy(() -> store.replace(started,
        JobRecord.started(job("k2"), T0).moveTo(JobState.SUBMITTING, "a", null, List.of(), T0)));
    assertThatIllegalArgumentException().isThrownBy(
        () -> started.end(JobState.RUNNING, null, List.of(), null, null, T0));
  }

  @Test
  void should_let_exactly_one_of_two_writers_end_a_job() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 200; round++) {
        JobRecord running = JobRecord.started(job("race-" + round), T0)
            .moveTo(JobState.RUNNING, "a", TASK, List.of(), T0);
        store.insert(JobRecord.started(job("race-" + round), T0));
        store.replace(store.find("race-" + round).orElseThrow(), running);
        CountDownLatch go = new CountDownLatch(1);
        Future<Boolean> succeeded = threads.submit(() -> {
          go.await();
          return store.replace(running, running.end(JobState.SUCCEEDED, TASK, List.of(), null, null, T0));
        });
        Future<Boolean> cancelled = threads.submit(() -> {
          go.await();
          return store.replace(running, running.end(JobState.CANCELLED, TASK, List.of(), null, "cancelled", T0));
        });
        go.countDown();

        boolean first = succeeded.get(5, TimeUnit.SECONDS);
        boolean second = cancelled.get(5, TimeUnit.SECONDS);
        assertThat(first ^ second).as("round " + round + ": exactly one ending").isTrue();
        assertThat(store.find("race-" + round).orElseThrow().state())
            .isEqualTo(first ? JobState.SUCCEEDED : JobState.CANCELLED);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void should_list_the_unfinished_jobs_oldest_first() {
    JobRecord old = JobRecord.started(job("old"), T0);
    JobRecord recent = JobRecord.started(job("recent"), T0.plusSeconds(60));
    JobRecord done = JobRecord.started(job("done"), T0.plusSeconds(30));
    store.insert(recent);
    store.insert(old);
    store.insert(done);
    store.replace(done, done.end(JobState.FAILED, null, List.of(), FailureKind.INVALID_REQUEST, "bad", T0));

    assertThat(store.unfinished()).extracting(JobRecord::idempotencyKey).containsExactly("old", "recent");
  }
}
