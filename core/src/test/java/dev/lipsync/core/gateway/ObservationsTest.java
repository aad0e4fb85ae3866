package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.job;
import static dev.lipsync.core.gateway.ScriptedVendors.vendor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job and its vendor calls as Micrometer observations: names, tags, and each call a child of its
 * job's, although the calls start and end on the scheduler's threads, not the caller's.
 */
class ObservationsTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final TestObservationRegistry observations = TestObservationRegistry.create();

  private LipSyncGateway gateway(ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(time)
        .random(() -> 0.0)
        .observationRegistry(observations)
        .resilience(ResilienceSettings.builder().jitter(0).maxAttempts(1).build())
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder.build();
  }

  private List<Observation.Context> contexts() {
    List<Observation.Context> all = new ArrayList<>();
    TestObservationRegistryAssert.assertThat(observations).hasHandledContextsThatSatisfy(all::addAll);
    return all;
  }

  private List<Observation.Context> named(String name) {
    return contexts().stream().filter(c -> c.getName().equals(name)).toList();
  }

  private static String tag(Observation.ContextView context, String key) {
    KeyValue value = context.getLowCardinalityKeyValue(key);
    return value == null ? null : value.getValue();
  }

  @Test
  void should_observe_the_job_with_its_vendor_and_each_call_as_its_child() {
    try (LipSyncGateway gateway = gateway(vendor("a"))) {
      Outcomes.finish(time, gateway.run(job()).result());
    }

    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("lipsync.job", 1)
        .hasObservationWithNameEqualTo("lipsync.job").that()
        .hasBeenStarted().hasBeenStopped()
        .hasLowCardinalityKeyValue("vendor", "a")
        .hasLowCardinalityKeyValue("outcome", "success")
        .doesNotHaveParentObservation();
    Observation.Context job = named("lipsync.job").get(0);
    List<Observation.Context> calls = named("lipsync.vendor.call");
    assertThat(calls).extracting(c -> tag(c, "operation")).containsExactly("identify", "submit", "status");
    for (Observation.Context call : calls) {
      assertThat(tag(call, "vendor")).isEqualTo("a");
      // Set as the call stops: the call's observation ended.
      assertThat(tag(call, "outcome")).isEqualTo("success");
      assertThat(call.getParentObservation()).as("parent of " + tag(call, "operation")).isNotNull();
      assertThat(call.getParentObservation().getContextView()).isSameAs(job);
    }
  }

  @Test
  void should_tag_a_failed_call_with_its_failure_kind_and_the_job_with_the_vendor_that_served() {
    ScriptedProvider down = new ScriptedProvider("down", ScriptedVendors.capabilities(false, false),
        dev.lipsync.core.provider.Pricing.of("0.001", "0.01"))
        .on("identify", new UnavailableException("down", "503"));

    try (LipSyncGateway gateway = gateway(down, vendor("b"))) {
      Outcomes.finish(time, gateway.run(job()).result());
    }

    Observation.Context job = named("lipsync.job").get(0);
    assertThat(tag(job, "vendor")).isEqualTo("b");
    assertThat(tag(job, "outcome")).isEqualTo("success");
    List<Observation.Context> calls = named("lipsync.vendor.call");
    assertThat(calls).extracting(c -> tag(c, "vendor") + " " + tag(c, "operation") + " " + tag(c, "outcome"))
        .containsExactly("down identify unavailable", "b identify success", "b submit success", "b status success");
    assertThat(calls.get(0).getError()).isInstanceOf(UnavailableException.class);
    assertThat(calls).allSatisfy(call -> assertThat(call.getParentObservation().getContextView()).isSameAs(job));
  }

  @Test
  void should_make_a_job_the_child_of_the_observation_current_when_it_is_run() {
    Observation request = Observation.start("http.server.requests", observations);
    try (LipSyncGateway gateway = gateway(vendor("a"))) {
      var result = request.scoped(() -> gateway.run(job()).result());
      Outcomes.finish(time, result);
    }
    request.stop();

    assertThat(named("lipsync.job").get(0).getParentObservation()).isSameAs(request);
  }

  @Test
  void should_tag_a_job_no_vendor_took_with_none() {
    ScriptedProvider a = new ScriptedProvider("a", ScriptedVendors.capabilities(false, false),
        dev.lipsync.core.provider.Pricing.of("0.001", "0.01"));
    try (LipSyncGateway gateway = gateway(a)) {
      Outcomes.failureOf(time, gateway.run(
          dev.lipsync.core.model.LipSyncJob.builder()
              .video(dev.lipsync.core.model.VideoSource.url("https://example.com/v.mp4"))
              .audio(dev.lipsync.core.model.AudioSource.speech("hello", "voice", dev.lipsync.core.model.VoiceLanguage.EN))
              .build()).result());
    }

    Observation.Context job = named("lipsync.job").get(0);
    assertThat(tag(job, "vendor")).isEqualTo("none");
    assertThat(tag(job, "outcome")).isEqualTo("not-supported");
    assertThat(named("lipsync.vendor.call")).isEmpty();
  }

  @Test
  void should_record_nothing_for_a_handle_on_a_job_that_ended_at_another_gateway() {
    InMemoryJobStore store = new InMemoryJobStore();
    try (LipSyncGateway first = LipSyncGateway.builder().scheduler(time).random(() -> 0.0).jobStore(store)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0))
        .provider(vendor("a")).build()) {
      Outcomes.finish(time, first.run(job()).result());
    }

    try (LipSyncGateway second = LipSyncGateway.builder().scheduler(time).observationRegistry(observations)
        .jobStore(store).provider(vendor("a")).build()) {
      String key = store.recent(1).get(0).idempotencyKey();
      JobHandle handle = second.job(key).orElseThrow();

      assertThat(handle.result()).isCompleted();
    }
    TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
  }
}
