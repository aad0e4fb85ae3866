package dev.lipsync.core.gateway;

import static dev.lipsync.core.fakes.ScriptedProvider.REF;
import static dev.lipsync.core.gateway.ScriptedVendors.bare;
import static dev.lipsync.core.gateway.ScriptedVendors.job;
import static dev.lipsync.core.gateway.ScriptedVendors.vendor;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.gateway.VendorHealth.Circuit;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link LipSyncGateway#vendorHealth()} shows of each vendor, on scripted vendors and a manual
 * clock: the circuit as the breaker holds it, the last failure it counted, and the tasks there.
 */
class VendorHealthTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  /** Two counted failures open the circuit; no retries, so one call is one failure. */
  private static final ResilienceSettings SETTINGS =
      ResilienceSettings.builder().jitter(0).maxAttempts(1).breakerFailureThreshold(2).build();

  private final ManualScheduler time = new ManualScheduler(START);
  private final ScriptedProvider vendor = new ScriptedProvider();
  private final ResilientProvider provider = ResilientProvider.wrap(vendor, SETTINGS, time);

  @Test
  void should_be_closed_with_no_failure_before_any_call() {
    VendorHealth health = provider.health(0, 0);

    assertThat(health.vendor()).isEqualTo("kling");
    assertThat(health.circuit()).isEqualTo(Circuit.CLOSED);
    assertThat(health.available()).isTrue();
    assertThat(health.lastFailure()).isNull();
  }

  @Test
  void should_open_and_name_the_last_counted_failure_by_class_kind_and_time() {
    vendor.on("status",
        new UnavailableException("kling", "down"),
        new RateLimitedException(ErrorContext.of("kling"), "slow down, sk-secret-in-a-message", null, null));

    provider.status(REF);
    time.advance(ofSeconds(7));
    provider.status(REF);

    VendorHealth health = provider.health(0, 0);
    assertThat(health.circuit()).isEqualTo(Circuit.OPEN);
    assertThat(health.available()).isFalse();
    assertThat(health.lastFailure()).isEqualTo(
        new VendorHealth.Failure("RateLimitedException", FailureKind.RATE_LIMITED, START.plusSeconds(7)));
    // Only the class and the kind: a message, which may carry what a vendor echoed, is never kept.
    assertThat(health.toString()).doesNotContain("sk-secret", "slow down");
  }

  @Test
  void should_not_count_the_refusals_of_an_open_circuit_as_the_vendor_s_failures() {
    vendor.on("status", new UnavailableException("kling", "down"));
    provider.status(REF);
    provider.status(REF);
    time.advance(ofSeconds(30));

    // Refused here, without reaching the vendor: the last failure stays the vendor's own.
    assertThat(provider.status(REF)).isCompletedExceptionally();

    assertThat(provider.health(0, 0).lastFailure()).isEqualTo(
        new VendorHealth.Failure("UnavailableException", FailureKind.UNAVAILABLE, START));
  }

  @Test
  void should_keep_no_failure_that_is_the_request_s_fault() {
    vendor.on("status", new ContentRejectedException("kling", "no face"));

    provider.status(REF);

    assertThat(provider.health(0, 0).lastFailure()).isNull();
    assertThat(provider.health(0, 0).circuit()).isEqualTo(Circuit.CLOSED);
  }

  @Test
  void should_be_half_open_while_the_trial_call_may_go_and_closed_once_it_succeeds() {
    vendor.on("status", new UnavailableException("kling", "down"), new UnavailableException("kling", "down"),
        TaskSnapshot.builder(REF, TaskState.RUNNING).build());
    provider.status(REF);
    provider.status(REF);

    provider.circuitBreaker().halfOpen();
    assertThat(provider.health(0, 0).circuit()).isEqualTo(Circuit.HALF_OPEN);
    assertThat(provider.health(0, 0).available()).isFalse();

    provider.status(REF);
    VendorHealth health = provider.health(0, 0);
    assertThat(health.circuit()).isEqualTo(Circuit.CLOSED);
    // When it last failed stays known after it recovered.
    assertThat(health.lastFailure()).isNotNull();
  }

  @Test
  void should_give_every_vendor_of_the_gateway_in_priority_order_with_its_tasks_in_flight() {
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", TaskSnapshot.builder(new TaskRef("a", "task-a"), TaskState.RUNNING).build());
    ScriptedProvider b = vendor("b");
    LipSyncGateway gateway = LipSyncGateway.builder()
        .scheduler(time)
        .random(() -> 0.0)
        .resilience(SETTINGS)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0))
        .provider(a)
        .provider(b)
        .build();

    gateway.run(job());
    time.advance(ofSeconds(1));

    Map<String, VendorHealth> health = gateway.vendorHealth();
    assertThat(health).containsOnlyKeys("a", "b");
    assertThat(health.keySet()).containsExactly("a", "b");
    assertThat(health.get("a").tasksInFlight()).isEqualTo(1);
    assertThat(health.get("a").circuit()).isEqualTo(Circuit.CLOSED);
    assertThat(health.get("b")).isEqualTo(new VendorHealth("b", Circuit.CLOSED, null, 0, 0));
    gateway.close();
  }
}
