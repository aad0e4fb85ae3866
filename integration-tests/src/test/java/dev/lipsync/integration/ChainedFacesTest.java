package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.TaskScript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two faces at CometAPI, which dubs one person per task as Kling does: two chained tasks, the second on
 * the first one's video, planned with the cost of both before the first is paid; a failure of the
 * second reports the first's task and video.
 */
class ChainedFacesTest {
  private final ThreeVendors vendors = new ThreeVendors();
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    vendors.close();
  }

  private LipSyncProvider priced() {
    return CometApiProvider.builder().apiKey(ThreeVendors.KEY).baseUrl(vendors.cometapi.baseUrl())
        .requestTimeout(Duration.ofSeconds(5)).clock(vendors.wallClock).client(vendors.http)
        .pricing(Pricing.of("0.01", "0.10"))
        .build();
  }

  private static LipSyncJob twoFaces() {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(1))
            .audio(AudioSource.url("https://example.com/ana.mp3")).clip(0, 5_000).build())
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2))
            .audio(AudioSource.url("https://example.com/ben.mp3")).clip(0, 5_000).build())
        .idempotencyKey("two-faces-1")
        .build();
  }

  @Test
  void should_dub_two_faces_in_two_tasks_the_second_on_the_first_ones_video() {
    LipSyncGateway gateway = vendors.gateway(priced()).build();

    LipSyncResult result = vendors.await(gateway.run(twoFaces(), events::add).result());

    List<ChainStep> steps = result.steps();
    assertThat(steps).hasSize(2);
    String firstVideo = steps.get(0).videos().get(0).url().toString();
    assertThat(vendors.cometapi.requests(Endpoint.IDENTIFY)).hasSize(2);
    assertThat(vendors.cometapi.requests(Endpoint.IDENTIFY).get(0).body()).contains("https://example.com/interview.mp4");
    assertThat(vendors.cometapi.requests(Endpoint.IDENTIFY).get(1).body()).as("the second step's video")
        .contains(firstVideo);
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT)).hasSize(2);
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT).get(0).body())
        .contains("cometapi-ana").doesNotContain("cometapi-ben").contains("\"external_task_id\":\"two-faces-1\"");
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT).get(1).body())
        .contains("cometapi-ben").doesNotContain("cometapi-ana").contains("\"external_task_id\":\"two-faces-1-step2\"");
    assertThat(result.taskRef()).isEqualTo(steps.get(1).taskRef());
    assertThat(result.faceRules()).containsExactly("face 1 by order of appearance", "face 2 by order of appearance");
    // Two identifications at $0.01 and two 5 s clips at $0.10 each.
    assertThat(result.estimatedCostUsd()).isEqualByComparingTo("0.22");
    JobEvent plan = events.stream().filter(e -> e.type() == JobEvent.Type.PLANNED).findFirst().orElseThrow();
    assertThat(plan.message()).startsWith("2 tasks at cometapi").endsWith("about $0.22");
    assertThat(events.indexOf(plan)).as("known before the first paid call")
        .isLessThan(events.indexOf(events.stream().filter(e -> e.type() == JobEvent.Type.SUBMITTED).findFirst()
            .orElseThrow()));
  }

  @Test
  void should_report_the_first_steps_task_and_video_when_the_second_fails() {
    LipSyncGateway gateway = vendors.gateway(priced(), vendors.apimodelsProvider()).build();

    Throwable failure = vendors.failure(gateway.run(twoFaces(), event -> {
      events.add(event);
      if (event.type() == JobEvent.Type.STEP_DONE) {
        vendors.cometapi.script(TaskScript.fails("no face found"));
      }
    }).result());

    assertThat(failure).isInstanceOf(TaskFailedException.class);
    LipSyncException error = (LipSyncException) failure;
    assertThat(error.finishedSteps()).singleElement().satisfies(step -> {
      assertThat(step.number()).isEqualTo(1);
      assertThat(step.videos()).isNotEmpty();
      assertThat(error.getMessage()).contains(step.taskRef().toString()).contains(step.videos().get(0).url().toString());
    });
    assertThat(error.taskRef()).as("the failed second step's task").isPresent()
        .get().isNotEqualTo(error.finishedSteps().get(0).taskRef());
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT)).as("no step paid twice").hasSize(2);
    assertThat(vendors.apimodels.requests()).as("no failover once a step was paid").isEmpty();
  }
}
