package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.FakeVendor.REF;
import static dev.lipsync.core.gateway.FakeVendor.REQUEST;
import static dev.lipsync.core.gateway.FakeVendor.RUNNING;
import static dev.lipsync.core.gateway.FakeVendor.VIDEO;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MeteredProviderTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final FakeVendor vendor = new FakeVendor();
  private final MeteredProvider provider = MeteredProvider.wrap(vendor, registry);

  private Timer requests(String operation, String outcome) {
    return registry
        .get("lipsync.requests")
        .tags("vendor", "kling", "operation", operation, "outcome", outcome)
        .timer();
  }

  @Test
  void should_time_a_call_until_its_future_completes_on_the_registry_clock() {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    vendor.next = answer;

    provider.status(REF);
    clock.add(Duration.ofMillis(1_500));
    answer.complete(RUNNING);

    Timer timer = requests("status", "success");
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(MILLISECONDS)).isEqualTo(1_500);
  }

  @Test
  void should_name_each_operation() {
    vendor.next = CompletableFuture.completedFuture(null);

    provider.identifyFaces(VIDEO);
    provider.submit(REQUEST);
    provider.status(REF);
    provider.status(REF);
    provider.findByIdempotencyKey("key-1");
    provider.cancel(REF);

    assertThat(requests("identify", "success").count()).isEqualTo(1);
    assertThat(requests("submit", "success").count()).isEqualTo(1);
    assertThat(requests("status", "success").count()).isEqualTo(2);
    assertThat(requests("lookup", "success").count()).isEqualTo(1);
    assertThat(requests("cancel", "success").count()).isEqualTo(1);
  }

  @Test
  void should_tag_a_failure_with_its_kind() {
    vendor.next =
        CompletableFuture.failedFuture(
            new RateLimitedException(ErrorContext.of("kling"), "slow down", null, null));
    provider.status(REF);
    vendor.next =
        CompletableFuture.failedFuture(
            new SubmitOutcomeUnknownException(ErrorContext.of("kling"), "no answer", "key-1", null));
    provider.submit(REQUEST);
    vendor.next =
        CompletableFuture.failedFuture(
            new CompletionException(new UnavailableException("kling", "down")));
    provider.identifyFaces(VIDEO);

    assertThat(requests("status", "rate-limited").count()).isEqualTo(1);
    assertThat(requests("submit", "submit-outcome-unknown").count()).isEqualTo(1);
    assertThat(requests("identify", "unavailable").count()).isEqualTo(1);
  }

  @Test
  void should_tag_any_other_failure_as_error() {
    vendor.next =
        CompletableFuture.failedFuture(new UnsupportedOperationException("kling has no cancel call"));

    provider.cancel(REF);

    assertThat(requests("cancel", "error").count()).isEqualTo(1);
  }

  @Test
  void should_tag_a_call_the_caller_cancelled() {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    vendor.next = answer;

    provider.status(REF).cancel(true);

    assertThat(answer).as("the vendor's own future is handed back").isCancelled();
    assertThat(requests("status", "cancelled").count()).isEqualTo(1);
  }

  @Test
  void should_record_a_call_that_throws_instead_of_returning_a_future() {
    vendor.thrown = new IllegalStateException("bug");

    assertThatThrownBy(() -> provider.status(REF)).isSameAs(vendor.thrown);

    assertThat(requests("status", "error").count()).isEqualTo(1);
  }

  @Test
  void should_count_callbacks_by_outcome() {
    provider.parseCallback("{}");
    provider.parseCallback("{}");
    assertThatThrownBy(() -> provider.parseCallback("bad")).isInstanceOf(ProtocolException.class);

    assertThat(
            registry.get("lipsync.callbacks").tags("vendor", "kling", "outcome", "success").counter().count())
        .isEqualTo(2);
    assertThat(
            registry.get("lipsync.callbacks").tags("vendor", "kling", "outcome", "protocol").counter().count())
        .isEqualTo(1);
  }

  @Test
  void should_tag_only_vendor_operation_and_outcome() {
    vendor.next = CompletableFuture.completedFuture(null);
    provider.submit(REQUEST);
    provider.parseCallback("{}");

    for (Meter meter : registry.getMeters()) {
      List<String> keys = meter.getId().getTags().stream().map(Tag::getKey).toList();
      assertThat(keys).isSubsetOf("vendor", "operation", "outcome");
      assertThat(meter.getId().getTags())
          .extracting(Tag::getValue)
          .doesNotContain("key-1", "task-1", "session-1");
    }
  }

  @Test
  void should_pass_everything_else_to_the_vendor() {
    assertThat(provider.id()).isEqualTo("kling");
    assertThat(provider.delegate()).isSameAs(vendor);
    assertThat(provider.capabilities()).isEqualTo(vendor.capabilities());
    assertThat(provider.pricing()).isEqualTo(vendor.pricing());
    assertThat(provider.parseCallback("{}")).isSameAs(RUNNING);
    assertThat(registry.find("lipsync.requests").timers()).isEmpty();
  }
}
