package dev.lipsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SubmitRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Actuator health per vendor, Boot's {@link MeterRegistry} and {@link ObservationRegistry}, on a
 * provider of the application's own that answers at once, so nothing leaves the process.
 */
class LipSyncHealthAndMetricsTest {
  private static final String COMETAPI_KEY = "sk-cometapi-health-0123456789";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(LipSyncVendorsAutoConfiguration.class, LipSyncAutoConfiguration.class,
          LipSyncHealthAutoConfiguration.class))
      // One counted failure opens the circuit; one attempt per call; a poll soon after the submit.
      .withPropertyValues(
          "lipsync.resilience.max-attempts=1",
          "lipsync.resilience.breaker-failure-threshold=1",
          "lipsync.poll.first-delay=10ms",
          "lipsync.poll.max-delay=10ms",
          "lipsync.poll.jitter=0");

  @Test
  void should_report_each_vendor_up_while_its_circuit_is_closed() {
    runner.withBean(LipSyncProvider.class, () -> new Answering("own", false))
        .run(context -> {
          HealthIndicator own = indicator(context.getBean("lipsyncHealthContributor", CompositeHealthContributor.class),
              "own");
          Health health = own.health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("circuit", "CLOSED").containsEntry("tasksInFlight", 0)
              .doesNotContainKey("lastFailure");
        });
  }

  @Test
  void should_report_a_vendor_down_with_its_last_failure_once_its_circuit_opens_and_never_its_key() {
    // "own" is down, "other" answers: the identification moves on to "other" and nothing leaves the
    // process (cometapi, last, is never reached); one failure has opened own's circuit.
    runner.withBean("own", LipSyncProvider.class, () -> new Answering("own", true))
        .withBean("other", LipSyncProvider.class, () -> new Answering("other", false))
        .withPropertyValues("COMETAPI_KEY=" + COMETAPI_KEY, "lipsync.vendors.cometapi.priority=5")
        .run(context -> {
          LipSyncGateway gateway = context.getBean(LipSyncGateway.class);
          assertThat(gateway.vendors()).containsExactly("own", "other", "cometapi");
          assertThat(gateway.identify(VIDEO).get(10, TimeUnit.SECONDS).vendor()).isEqualTo("other");

          CompositeHealthContributor lipsync =
              context.getBean("lipsyncHealthContributor", CompositeHealthContributor.class);
          Health own = indicator(lipsync, "own").health();
          assertThat(own.getStatus()).isEqualTo(Status.DOWN);
          assertThat(own.getDetails())
              .containsEntry("circuit", "OPEN")
              .containsEntry("lastFailure", "UnavailableException")
              .containsEntry("lastFailureKind", "unavailable")
              .containsKey("lastFailureAt");
          Health other = indicator(lipsync, "other").health();
          assertThat(other.getStatus()).isEqualTo(Status.UP);
          Health cometapi = indicator(lipsync, "cometapi").health();
          assertThat(cometapi.getStatus()).isEqualTo(Status.UP);
          for (Health health : List.of(own, other, cometapi)) {
            assertThat(health.toString()).doesNotContain(COMETAPI_KEY);
          }
        });
  }

  @Test
  void should_be_turned_off_by_management_health_lipsync_enabled() {
    runner.withBean(LipSyncProvider.class, () -> new Answering("own", false))
        .withPropertyValues("management.health.lipsync.enabled=false")
        .run(context -> {
          assertThat(context).hasSingleBean(LipSyncGateway.class);
          assertThat(context).doesNotHaveBean("lipsyncHealthContributor");
        });
  }

  @Test
  void should_make_no_contributor_without_boot_s_health_api_or_without_a_gateway() {
    runner.withBean(LipSyncProvider.class, () -> new Answering("own", false))
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(LipSyncGateway.class);
          assertThat(context).doesNotHaveBean("lipsyncHealthContributor");
        });
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(LipSyncGateway.class);
      assertThat(context).doesNotHaveBean("lipsyncHealthContributor");
    });
  }

  @Test
  void should_record_a_job_s_meters_in_the_application_s_registry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner.withBean(LipSyncProvider.class, () -> new Answering("own", false))
        .withBean(MeterRegistry.class, () -> registry)
        .run(context -> {
          LipSyncResult result = context.getBean(LipSyncGateway.class).run(JOB).result().get(10, TimeUnit.SECONDS);
          assertThat(result.vendor()).isEqualTo("own");

          assertThat(registry.get("lipsync.jobs").tags("vendor", "own", "outcome", "success").timer().count())
              .isEqualTo(1);
          assertThat(registry.get("lipsync.requests").tags("vendor", "own", "operation", "submit", "outcome", "success")
              .timer().count()).isEqualTo(1);
          assertThat(registry.get("lipsync.circuit.state").tag("vendor", "own").gauge().value()).isZero();
        });
  }

  @Test
  void should_observe_jobs_in_the_application_s_observation_registry() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    runner.withBean(LipSyncProvider.class, () -> new Answering("own", false))
        .withBean(ObservationRegistry.class, () -> observations)
        .run(context -> {
          context.getBean(LipSyncGateway.class).run(JOB).result().get(10, TimeUnit.SECONDS);

          TestObservationRegistryAssert.assertThat(observations)
              .hasObservationWithNameEqualTo("lipsync.job").that()
              .hasLowCardinalityKeyValue("vendor", "own")
              .hasLowCardinalityKeyValue("outcome", "success");
          TestObservationRegistryAssert.assertThat(observations)
              .hasNumberOfObservationsWithNameEqualTo("lipsync.vendor.call", 3)
              .forAllObservationsWithNameEqualTo("lipsync.vendor.call",
                  call -> call.hasLowCardinalityKeyValue("vendor", "own").hasParentObservation());
        });
  }

  private static HealthIndicator indicator(CompositeHealthContributor composite, String vendor) {
    HealthContributor contributor = composite.getContributor(vendor);
    assertThat(contributor).as("indicator of " + vendor).isInstanceOf(HealthIndicator.class);
    return (HealthIndicator) contributor;
  }

  private static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");
  private static final LipSyncJob JOB =
      LipSyncJob.builder().video(VIDEO).audio(AudioSource.url("https://example.com/a.mp3")).build();

  /** A vendor of the application's own that answers at once: a finished task, or an outage. */
  private static final class Answering implements LipSyncProvider {
    private final String id;
    private final boolean down;

    Answering(String id, boolean down) {
      this.id = id;
      this.down = down;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.builder()
          .mode(Capabilities.Mode.builder("audio").videos(VideoKind.URL).audio(AudioKind.URL).build())
          .build();
    }

    @Override
    public Pricing pricing() {
      return Pricing.unknown();
    }

    @Override
    public CompletableFuture<FaceSession> identifyFaces(VideoSource video) {
      return down
          ? CompletableFuture.failedFuture(new UnavailableException(id, "503 from the vendor"))
          : CompletableFuture.completedFuture(new FaceSession(id, "session", video, List.of(Face.of("0"))));
    }

    @Override
    public CompletableFuture<TaskRef> submit(SubmitRequest request) {
      return CompletableFuture.completedFuture(new TaskRef(id, "task"));
    }

    @Override
    public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
      return CompletableFuture.completedFuture(TaskSnapshot.builder(ref, TaskState.SUCCEEDED)
          .videos(List.of(new ResultVideo(URI.create("https://cdn.example.com/out.mp4"), Duration.ofSeconds(8), null)))
          .build());
    }

    @Override
    public TaskSnapshot parseCallback(String body) {
      throw new UnsupportedOperationException("no callbacks here");
    }
  }
}
