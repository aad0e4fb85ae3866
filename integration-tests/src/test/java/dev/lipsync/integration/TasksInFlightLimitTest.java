package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SimFace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A vendor that runs two of the account's tasks at once and refuses a third with Kling's 1303: with the
 * gateway's limit set to match, ten jobs queue and all succeed there; without it, the vendor's 1303s
 * are waits at that vendor. Neither fails over nor pays twice.
 */
class TasksInFlightLimitTest {
  private final ThreeVendors vendors = new ThreeVendors();
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    vendors.close();
  }

  private List<LipSyncResult> runTen(LipSyncGateway gateway) {
    List<CompletableFuture<LipSyncResult>> running = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      running.add(gateway.run(LipSyncJob.builder().videoUrl("https://example.com/interview.mp4")
          .audio(AudioSource.url("https://example.com/line-" + i + ".mp3")).build(), events::add).result());
    }
    List<LipSyncResult> results = new ArrayList<>();
    for (CompletableFuture<LipSyncResult> result : running) {
      results.add(vendors.await(result));
    }
    return results;
  }

  @Test
  void should_queue_ten_jobs_at_a_vendor_limited_to_two_tasks_and_serve_all_there() {
    vendors.cometapi.faces(List.of(SimFace.defaults().get(0)));
    vendors.cometapi.maxTasksInFlight(2);
    LipSyncGateway gateway = vendors.gateway(vendors.cometapiProvider(), vendors.apimodelsProvider())
        .resilience("cometapi", ResilienceSettings.builder().maxTasksInFlight(2).build())
        .build();

    List<LipSyncResult> results = runTen(gateway);

    assertThat(results).extracting(LipSyncResult::vendor).containsOnly("cometapi");
    assertThat(vendors.cometapi.peakTasksInFlight()).isEqualTo(2);
    assertThat(vendors.cometapi.tasks()).as("one task per job").hasSize(10);
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT)).as("none refused: the gateway waited").hasSize(10);
    assertThat(vendors.apimodels.requests()).as("no failover").isEmpty();
    assertThat(events).extracting(JobEvent::type).contains(JobEvent.Type.WAITING)
        .doesNotContain(JobEvent.Type.FAILED_OVER);
  }

  @Test
  void should_wait_at_the_vendor_when_it_refuses_with_1303_and_never_fail_over() {
    vendors.cometapi.faces(List.of(SimFace.defaults().get(0)));
    vendors.cometapi.maxTasksInFlight(2);
    LipSyncGateway gateway = vendors.gateway(vendors.cometapiProvider(), vendors.apimodelsProvider()).build();

    List<LipSyncResult> results = runTen(gateway);

    assertThat(results).extracting(LipSyncResult::vendor).containsOnly("cometapi");
    assertThat(vendors.cometapi.peakTasksInFlight()).isEqualTo(2);
    assertThat(vendors.cometapi.tasks()).as("one task per job, none paid twice").hasSize(10);
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT).size()).as("refused submits were made again")
        .isGreaterThan(10);
    assertThat(vendors.apimodels.requests()).as("no failover").isEmpty();
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.WAITING).extracting(JobEvent::message)
        .anySatisfy(message -> assertThat(message).contains("cometapi runs as many of the account's tasks"));
  }
}
