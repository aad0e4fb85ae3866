package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.FakeVendor.REF;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.offset;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.gateway.ResilientProvider;
import dev.lipsync.core.gateway.ResilientProvider.CircuitState;
import dev.lipsync.core.tracking.ManualScheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
  private final SimpleMeterRegistry registry =
      new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
  private final GatewayMetrics metrics = GatewayMetrics.of(registry);

  private double activeJobs() {
    return registry.get("lipsync.jobs.active").gauge().value();
  }

  @Test
  void should_time_finished_jobs_by_vendor_and_outcome() {
    metrics.jobStarted();
    metrics.jobStarted();
    metrics.jobFinished("kling", "success", Duration.ofSeconds(90));
    metrics.jobFinished("kling", "success", Duration.ofSeconds(30));
    metrics.jobFinished(null, "invalid-request", Duration.ofMillis(5));

    Timer succeeded =
        registry.get("lipsync.jobs").tags("vendor", "kling", "outcome", "success").timer();
    assertThat(succeeded.count()).isEqualTo(2);
    assertThat(succeeded.totalTime(SECONDS)).isEqualTo(120);
    assertThat(
            registry.get("lipsync.jobs").tags("vendor", "none", "outcome", "invalid-request").timer().count())
        .isEqualTo(1);
  }

  @Test
  void should_gauge_the_jobs_started_and_not_yet_finished() {
    assertThat(activeJobs()).isZero();

    metrics.jobStarted();
    metrics.jobStarted();
    metrics.jobStarted();
    assertThat(activeJobs()).isEqualTo(3);

    metrics.jobFinished("kling", "success", Duration.ofSeconds(1));
    assertThat(activeJobs()).isEqualTo(2);
  }

  @Test
  void should_count_failovers_by_from_to_and_reason() {
    metrics.failover("cometapi", "alad", FailureKind.UNAVAILABLE);
    metrics.failover("cometapi", "alad", FailureKind.UNAVAILABLE);
    metrics.failover("alad", "apimodels", FailureKind.OUT_OF_CREDIT);

    assertThat(failovers("cometapi", "alad", "unavailable").count()).isEqualTo(2);
    assertThat(failovers("alad", "apimodels", "out-of-credit").count()).isEqualTo(1);
  }

  private Counter failovers(String from, String to, String reason) {
    return registry.get("lipsync.failovers").tags("from", from, "to", to, "reason", reason).counter();
  }

  @Test
  void should_count_polls_by_vendor() {
    metrics.poll("kling");
    metrics.poll("kling");
    metrics.poll("alad");

    assertThat(registry.get("lipsync.polls").tag("vendor", "kling").counter().count()).isEqualTo(2);
    assertThat(registry.get("lipsync.polls").tag("vendor", "alad").counter().count()).isEqualTo(1);
  }

  @Test
  void should_count_the_estimated_cost_in_usd() {
    metrics.cost("kling", new BigDecimal("0.35"));
    metrics.cost("kling", new BigDecimal("0.70"));

    Counter cost = registry.get("lipsync.cost").tag("vendor", "kling").counter();
    assertThat(cost.count()).isCloseTo(1.05, offset(1e-9));
    assertThat(cost.getId().getBaseUnit()).isEqualTo("usd");
  }

  @Test
  void should_refuse_a_negative_cost() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> metrics.cost("kling", new BigDecimal("-1")))
        .withMessage("usd is -1 but a cost cannot be negative");
  }

  @Test
  void should_gauge_the_circuit_state_of_a_vendor() {
    FakeVendor vendor = new FakeVendor();
    ResilientProvider provider =
        ResilientProvider.wrap(
            vendor,
            ResilienceSettings.builder().maxAttempts(1).breakerFailureThreshold(1).build(),
            new ManualScheduler());
    metrics.watchCircuit("kling", provider);
    double closed = registry.get("lipsync.circuit.state").tag("vendor", "kling").gauge().value();

    vendor.next = CompletableFuture.failedFuture(new UnavailableException("kling", "down"));
    provider.status(REF);

    assertThat(closed).isZero();
    assertThat(provider.circuitState()).isEqualTo(CircuitState.OPEN);
    assertThat(registry.get("lipsync.circuit.state").tag("vendor", "kling").gauge().value())
        .isEqualTo(2);
  }

  @Test
  void should_give_each_circuit_state_its_value() {
    assertThat(GatewayMetrics.circuitValue(CircuitState.CLOSED)).isZero();
    assertThat(GatewayMetrics.circuitValue(CircuitState.HALF_OPEN)).isEqualTo(1);
    assertThat(GatewayMetrics.circuitValue(CircuitState.OPEN)).isEqualTo(2);
  }
}
