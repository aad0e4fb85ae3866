package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.SimFace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kling's own API beside the resellers: a job fails over from Kling to a reseller and from a reseller to
 * Kling, the person chosen at the first found again at the second; and Kling's tasks in flight, limited
 * to two, are a queue.
 */
class KlingDirectTest {
  private final ThreeVendors vendors = new ThreeVendors();
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    vendors.close();
  }

  private static LipSyncJob faceTwo() {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2))
            .audio(AudioSource.url("https://example.com/line.mp3")).build())
        .build();
  }

  @Test
  void should_fail_over_from_kling_to_a_reseller_with_the_same_person() {
    vendors.kling.inject(Endpoint.SUBMIT, Fault.status(402));
    LipSyncGateway gateway = vendors.gateway(vendors.klingProvider(), vendors.cometapiProvider()).build();

    LipSyncResult result = vendors.await(gateway.run(faceTwo(), events::add).result());

    assertThat(result.vendor()).isEqualTo("cometapi");
    assertThat(vendors.kling.requests(Endpoint.SUBMIT).get(0).body()).contains("kling-ben");
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT)).singleElement()
        .satisfies(submit -> assertThat(submit.body()).contains("cometapi-ben"));
    assertThat(vendors.kling.tasks()).as("nothing paid at kling").isEmpty();
  }

  @Test
  void should_fail_over_from_a_reseller_to_kling_with_the_same_person() {
    // Kling lists ben first, but gives times: face 2 by appearance is ben there too, found exactly.
    vendors.cometapi.injectAlways(Endpoint.SUBMIT, Fault.status(402));
    vendors.kling.faces(List.of(SimFace.defaults().get(1), SimFace.defaults().get(0)));
    LipSyncGateway gateway = vendors.gateway(vendors.cometapiProvider(), vendors.klingProvider()).build();

    LipSyncResult result = vendors.await(gateway.run(faceTwo(), events::add).result());

    assertThat(result.vendor()).isEqualTo("kling");
    assertThat(vendors.kling.requests(Endpoint.SUBMIT)).singleElement()
        .satisfies(submit -> assertThat(submit.body()).contains("kling-ben").doesNotContain("kling-ana"));
    assertThat(result.faceRules()).containsExactly("face 2 by order of appearance");
  }

  @Test
  void should_queue_ten_jobs_at_kling_limited_to_two_tasks_in_flight_and_serve_all_there() {
    vendors.kling.faces(List.of(SimFace.defaults().get(0)));
    vendors.kling.maxTasksInFlight(2);
    LipSyncGateway gateway = vendors.gateway(vendors.klingProvider(), vendors.cometapiProvider())
        .resilience("kling", ResilienceSettings.builder().maxTasksInFlight(2).build())
        .build();

    List<CompletableFuture<LipSyncResult>> running = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      running.add(gateway.run(LipSyncJob.builder().videoUrl("https://example.com/interview.mp4")
          .audio(AudioSource.url("https://example.com/line-" + i + ".mp3")).build(), events::add).result());
    }
    List<String> servedBy = new ArrayList<>();
    for (CompletableFuture<LipSyncResult> result : running) {
      servedBy.add(vendors.await(result).vendor());
    }

    assertThat(servedBy).hasSize(10).containsOnly("kling");
    assertThat(vendors.kling.peakTasksInFlight()).isEqualTo(2);
    assertThat(vendors.kling.requests(Endpoint.SUBMIT)).as("none refused with 1303").hasSize(10);
    assertThat(vendors.cometapi.requests()).as("no failover").isEmpty();
  }
}
