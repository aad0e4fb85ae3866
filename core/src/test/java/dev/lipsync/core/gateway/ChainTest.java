package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A job of several faces at a vendor that dubs one per task: a chain of tasks, each on the last one's video. */
class ChainTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  /** Two people with times: ana from 0 s, ben from 2 s. */
  private static final FaceSession TWO = new FaceSession("k", "s-1", VIDEO, List.of(
      Face.builder("k-ana").times(0, 4_000).build(), Face.builder("k-ben").times(2_000, 9_000).build()));

  private static ScriptedProvider onePerTask(String id, int maxFaces) {
    return new ScriptedProvider(id, Capabilities.builder()
        .mode(Capabilities.Mode.builder("advanced").videos(VideoKind.URL).audio(AudioKind.URL)
            .maxFaces(maxFaces).clipTiming(true).faceChoosing(Capabilities.FaceChoosing.BY_ID).build())
        .build(), Pricing.of("0.01", "0.10"));
  }

  private static TaskSnapshot made(TaskRef ref, String video) {
    return TaskSnapshot.builder(ref, TaskState.SUCCEEDED).rawStatus("succeed").billedUnits(new BigDecimal("2"))
        .videos(List.of(new ResultVideo(URI.create("https://cdn.example.com/" + video), Duration.ofSeconds(5), null)))
        .build();
  }

  private static LipSyncJob twoFaces(boolean chaining) {
    return LipSyncJob.builder().video(VIDEO)
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(1)).audio(AudioSource.url("https://example.com/a.mp3"))
            .clip(0, 5_000).build())
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2)).audio(AudioSource.url("https://example.com/b.mp3"))
            .clip(0, 5_000).build())
        .chaining(chaining)
        .idempotencyKey("job-1")
        .build();
  }

  private LipSyncGateway gateway(ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder().scheduler(time).random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder.build();
  }

  @Test
  void should_dub_two_faces_in_two_chained_tasks_with_the_plan_and_cost_before_the_first() {
    TaskRef first = new TaskRef("k", "t-1");
    TaskRef second = new TaskRef("k", "t-2");
    ScriptedProvider kling = onePerTask("k", 1)
        .on("identify", TWO, TWO)
        .on("submit", first, second)
        .on("status", made(first, "one.mp4"), made(second, "two.mp4"));

    LipSyncResult result = Outcomes.finish(time, gateway(kling).run(twoFaces(true), events::add).result());

    assertThat(kling.submitted()).hasSize(2);
    assertThat(kling.submitted().get(0).dubs()).singleElement().satisfies(d -> assertThat(d.face().id()).isEqualTo("k-ana"));
    assertThat(kling.submitted().get(1).dubs()).singleElement().satisfies(d -> assertThat(d.face().id()).isEqualTo("k-ben"));
    assertThat(kling.submitted()).extracting(r -> r.idempotencyKey()).containsExactly("job-1", "job-1-step2");
    assertThat(result.taskRef()).isEqualTo(second);
    assertThat(result.videos()).extracting(v -> v.url().toString()).containsExactly("https://cdn.example.com/two.mp4");
    assertThat(result.steps()).extracting(ChainStep::taskRef).containsExactly(first, second);
    assertThat(result.steps().get(0).videos()).extracting(v -> v.url().toString())
        .containsExactly("https://cdn.example.com/one.mp4");
    assertThat(result.faceRules()).containsExactly("face 1 by order of appearance", "face 2 by order of appearance");
    assertThat(result.attempts()).extracting(Attempt::outcome, Attempt::taskRef)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.SUCCEEDED, first),
            org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.SUCCEEDED, second));
    // Two identifications at $0.01, and 10 s of audio (two 5 s clips) at $0.10 per 5 s.
    assertThat(result.estimatedCostUsd()).isEqualByComparingTo("0.22");
    assertThat(result.billedUnits()).isEqualByComparingTo("4");
    int planned = indexOf(JobEvent.Type.PLANNED);
    assertThat(planned).as("planned before the first submit").isLessThan(indexOf(JobEvent.Type.SUBMITTED));
    assertThat(events.get(planned).message())
        .isEqualTo("2 tasks at k, one after the other, each on the last one's video, about $0.22");
    assertThat(events).extracting(JobEvent::type).contains(JobEvent.Type.STEP_DONE);
  }

  private int indexOf(JobEvent.Type type) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).type() == type) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void should_end_with_the_first_steps_task_and_video_when_the_second_fails_never_redoing_it() {
    TaskRef first = new TaskRef("k", "t-1");
    TaskRef second = new TaskRef("k", "t-2");
    ScriptedProvider kling = onePerTask("k", 1)
        .on("identify", TWO, TWO)
        .on("submit", first, second)
        .on("status", made(first, "one.mp4"), TaskSnapshot.builder(second, TaskState.FAILED).rawStatus("failed")
            .failure(new TaskFailure("1200", "bad audio")).build());
    ScriptedProvider other = onePerTask("o", 2).on("identify", TWO);

    Throwable failure = Outcomes.failureOf(time, gateway(kling, other).run(twoFaces(true), events::add).result());

    assertThat(failure).isInstanceOf(TaskFailedException.class);
    LipSyncException error = (LipSyncException) failure;
    assertThat(error.taskRef()).contains(second);
    assertThat(error.finishedSteps()).singleElement().satisfies(step -> {
      assertThat(step.taskRef()).isEqualTo(first);
      assertThat(step.videos()).extracting(v -> v.url().toString()).containsExactly("https://cdn.example.com/one.mp4");
    });
    assertThat(error.getMessage()).contains("finished before it, paid: step 1: k:t-1 made https://cdn.example.com/one.mp4");
    assertThat(kling.calls("submit")).as("the paid first step is never sent again").isEqualTo(2);
    assertThat(other.calls("identify")).as("no failover once a step was paid").isZero();
  }

  @Test
  void should_send_several_faces_in_one_task_to_a_vendor_that_dubs_them_together() {
    TaskRef one = new TaskRef("o", "t-1");
    ScriptedProvider twoPerTask = onePerTask("o", 2)
        .on("identify", TWO).on("submit", one).on("status", made(one, "both.mp4"));

    LipSyncResult result = Outcomes.finish(time, gateway(twoPerTask).run(twoFaces(true), events::add).result());

    assertThat(twoPerTask.submitted()).singleElement().satisfies(r -> assertThat(r.dubs()).hasSize(2));
    assertThat(result.steps()).isEmpty();
    assertThat(events).extracting(JobEvent::type).doesNotContain(JobEvent.Type.PLANNED);
  }

  @Test
  void should_skip_a_one_face_vendor_before_anything_is_sent_when_the_job_forbids_chaining() {
    ScriptedProvider kling = onePerTask("k", 1).on("identify", TWO);

    Throwable failure = Outcomes.failureOf(time, gateway(kling).run(twoFaces(false)).result());

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("dubs at most 1 face per task (the job forbids a chain of tasks)");
    assertThat(kling.calls("identify")).isZero();
  }

  // ---------------------------------------------------------------- restarts

  private final InMemoryJobStore store = new InMemoryJobStore();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** What a gateway that died left of the chain: step 1 finished at {@code k}, and then {@code next}. */
  private void leftBetweenSteps(LipSyncJob job, TaskRef first, @Nullable TaskRef second) {
    JobRecord record = JobRecord.started(job, T0.minusSeconds(60));
    store.insert(record, new Lease("dead", T0));
    List<Attempt> done = List.of(Attempt.builder("k", Attempt.Outcome.SUCCEEDED).submitSent(true).taskRef(first).build());
    JobRecord next = second == null
        ? record.moveTo(JobState.IDENTIFYING, "k", null, done, T0.minusSeconds(50))
        : record.moveTo(JobState.RUNNING, "k", second, done, T0.minusSeconds(50));
    assertThat(store.replace(record, next)).isTrue();
  }

  private LipSyncGateway durable(ScriptedProvider vendor) {
    return LipSyncGateway.builder().scheduler(time).random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0))
        .jobStore(store).instanceId("alive").leaseDuration(Duration.ofSeconds(30))
        .provider(vendor).build();
  }

  @Test
  void should_go_on_from_the_last_finished_steps_video_after_a_restart_between_steps() {
    LipSyncJob job = twoFaces(true);
    TaskRef first = new TaskRef("k", "t-1");
    TaskRef second = new TaskRef("k", "t-2");
    leftBetweenSteps(job, first, null);
    ScriptedProvider kling = onePerTask("k", 1)
        .on("identify", TWO)
        .on("submit", second)
        .on("status", made(first, "one.mp4"), made(second, "two.mp4"));

    durable(kling);
    time.advance(Duration.ofSeconds(20));

    assertThat(kling.submitted()).as("step 1 is never paid again").singleElement().satisfies(request -> {
      assertThat(request.dubs()).singleElement().satisfies(d -> assertThat(d.face().id()).isEqualTo("k-ben"));
      assertThat(request.idempotencyKey()).isEqualTo("job-1-step2");
    });
    JobRecord held = store.find("job-1").orElseThrow();
    assertThat(held.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(held.result().steps()).extracting(ChainStep::taskRef).containsExactly(first, second);
  }

  @Test
  void should_take_the_end_of_a_middle_step_as_the_next_steps_start_after_a_restart() {
    TaskRef second = new TaskRef("k", "t-2");
    TaskRef third = new TaskRef("k", "t-3");
    LipSyncJob three = LipSyncJob.builder().video(VIDEO)
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(1)).audio(AudioSource.url("https://example.com/a.mp3"))
            .clip(0, 5_000).build())
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2)).audio(AudioSource.url("https://example.com/b.mp3"))
            .clip(0, 5_000).build())
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(3)).audio(AudioSource.url("https://example.com/c.mp3"))
            .clip(0, 5_000).build())
        .idempotencyKey("job-1")
        .build();
    leftBetweenSteps(three, new TaskRef("k", "t-1"), second);
    FaceSession threeFaces = new FaceSession("k", "s-2", VIDEO, List.of(
        Face.builder("k-ana").times(0, 4_000).build(), Face.builder("k-ben").times(2_000, 9_000).build(),
        Face.builder("k-cleo").times(5_000, 8_000).build()));
    ScriptedProvider kling = onePerTask("k", 1)
        .on("identify", threeFaces)
        .on("submit", third)
        .on("status", made(second, "two.mp4"), made(third, "three.mp4"));

    durable(kling);
    time.advance(Duration.ofSeconds(20));

    assertThat(kling.submitted()).as("only the third step is sent").singleElement()
        .satisfies(request -> assertThat(request.dubs().get(0).face().id()).isEqualTo("k-cleo"));
    assertThat(store.find("job-1").orElseThrow().result().taskRef()).isEqualTo(third);
  }
}
