package dev.lipsync.core.gateway;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.TaskDuration;
import dev.lipsync.core.tracking.ManualScheduler;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The gateway places a task's polls where its vendor's tasks of its length ended, learnt from the
 * tasks it saw and kept in its store; with too little known, or when told not to, it keeps to its
 * schedule.
 */
class LearnedPollsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TaskRef TASK = new TaskRef("kling", "task-kling");

  private final ManualScheduler time = new ManualScheduler(T0);
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final ScriptedProvider kling = ScriptedVendors.bare("kling", false, false, "0.01")
      .on("status", TaskSnapshot.builder(TASK, TaskState.RUNNING).rawStatus("processing").build(),
          ScriptedVendors.succeeded(TASK));

  /** Ten tasks of 10 s of audio at kling took 100 s each. */
  private void known(int tasks) {
    for (int i = 0; i < tasks; i++) {
      store.recordDuration(new TaskDuration("kling", ofSeconds(10), ofSeconds(100), T0.minusSeconds(i)));
    }
  }

  private LipSyncGateway.Builder gateway() {
    return LipSyncGateway.builder().provider(kling).scheduler(time).random(() -> 0.0).jobStore(store);
  }

  private static LipSyncJob job(Dub.Builder dub) {
    return LipSyncJob.builder().video(ScriptedVendors.VIDEO)
        .dub(dub.audio(AudioSource.url("https://example.com/line.mp3")).build()).build();
  }

  private static LipSyncJob tenSeconds() {
    return job(Dub.builder().audioLength(ofSeconds(10)));
  }

  @Test
  void should_poll_first_where_such_tasks_ended_and_learn_from_the_task() {
    known(10);
    JobHandle handle = gateway().build().run(tenSeconds());

    time.advance(ofSeconds(99));
    assertThat(kling.calls("status")).as("no poll before the expected end").isZero();
    time.advance(ofSeconds(1));
    assertThat(kling.calls("status")).isEqualTo(1);
    time.advance(ofSeconds(10));

    assertThat(kling.calls("status")).as("the next 10 %% of the task's age later").isEqualTo(2);
    assertThat(handle.result()).isCompleted();
    assertThat(store.durations("kling", 20)).hasSize(11)
        .first().as("between the polls at 100 s and 110 s")
        .isEqualTo(new TaskDuration("kling", ofSeconds(10), ofSeconds(105), T0.plusSeconds(105)));
  }

  @Test
  void should_keep_to_the_schedule_with_too_little_known() {
    known(9);
    gateway().build().run(tenSeconds());

    time.advance(ofSeconds(5));

    assertThat(kling.calls("status")).isEqualTo(1);
  }

  @Test
  void should_keep_to_the_schedule_when_told_not_to_learn() {
    known(10);
    gateway().learnDurations(false).build().run(tenSeconds());

    time.advance(ofSeconds(5));

    assertThat(kling.calls("status")).isEqualTo(1);
    time.advance(ofSeconds(200));
    assertThat(store.durations("kling", 20)).as("nothing learnt").hasSize(10);
  }

  @Test
  void should_neither_place_nor_learn_by_audio_whose_length_is_not_known() {
    known(10);
    gateway().build().run(job(Dub.builder()));

    time.advance(ofSeconds(5));
    assertThat(kling.calls("status")).isEqualTo(1);
    time.advance(ofSeconds(200));

    assertThat(store.durations("kling", 20)).hasSize(10);
  }

  @Test
  void should_still_end_at_once_on_a_callback() {
    known(10);
    ScriptedProvider calling = ScriptedVendors.bare("kling", false, false, "0.01")
        .on("status", ScriptedVendors.succeeded(TASK))
        .on("callback", ScriptedVendors.succeeded(TASK));
    LipSyncGateway gateway =
        LipSyncGateway.builder().provider(calling).scheduler(time).random(() -> 0.0).jobStore(store).build();
    JobHandle handle = gateway.run(tenSeconds());
    time.advance(ofSeconds(30));

    gateway.onCallback("kling", "{}");

    assertThat(handle.result()).isCompleted();
    assertThat(calling.calls("status")).as("the callback's confirmation only").isEqualTo(1);
    assertThat(store.durations("kling", 20).get(0).took()).isEqualTo(ofSeconds(30));
  }

  @Test
  void should_not_learn_from_a_task_that_failed() {
    known(10);
    ScriptedProvider failing = ScriptedVendors.bare("kling", false, false, "0.01")
        .on("status", TaskSnapshot.builder(TASK, TaskState.FAILED).rawStatus("failed").build());
    LipSyncGateway.builder().provider(failing).scheduler(time).random(() -> 0.0).jobStore(store).build()
        .run(tenSeconds());

    time.advance(Duration.ofMinutes(5));

    assertThat(failing.calls("status")).isEqualTo(1);
    assertThat(store.durations("kling", 20)).hasSize(10);
  }

}
