package dev.lipsync.core.gateway;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {

  @Test
  void should_default_to_sensible_values_for_kling() {
    ResilienceSettings defaults = ResilienceSettings.defaults();

    assertThat(defaults.maxAttempts()).isEqualTo(3);
    assertThat(defaults.firstBackoff()).isEqualTo(ofSeconds(1));
    assertThat(defaults.maxBackoff()).isEqualTo(ofSeconds(30));
    assertThat(defaults.jitter()).isEqualTo(0.2);
    assertThat(defaults.breakerFailureThreshold()).isEqualTo(5);
    assertThat(defaults.breakerDelay()).isEqualTo(ofSeconds(30));
    assertThat(defaults.callTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.requestsPerSecond()).isZero();
    assertThat(defaults.limitsRate()).isFalse();
  }

  @Test
  void should_build_from_the_defaults_changing_only_what_is_set() {
    ResilienceSettings settings =
        ResilienceSettings.builder().maxAttempts(5).requestsPerSecond(2.5).build();

    assertThat(settings)
        .isEqualTo(
            new ResilienceSettings(
                5, ofSeconds(1), ofSeconds(30), 0.2, 5, ofSeconds(30), Duration.ofMinutes(5), 2.5,
                false, 0));
    assertThat(settings.limitsRate()).isTrue();
    assertThat(settings.toBuilder().build()).isEqualTo(settings);
  }

  @Test
  void should_set_every_field() {
    ResilienceSettings settings =
        ResilienceSettings.builder()
            .maxAttempts(1)
            .firstBackoff(Duration.ofMillis(500))
            .maxBackoff(ofSeconds(8))
            .jitter(0)
            .breakerFailureThreshold(2)
            .breakerDelay(ofSeconds(10))
            .callTimeout(ofSeconds(5))
            .requestsPerSecond(10)
            .retryUnreachable(true)
            .maxTasksInFlight(2)
            .build();

    assertThat(settings)
        .isEqualTo(
            new ResilienceSettings(
                1, Duration.ofMillis(500), ofSeconds(8), 0, 2, ofSeconds(10), ofSeconds(5), 10,
                true, 2));
  }

  @Test
  void should_refuse_each_bad_value_when_it_is_set() {
    ResilienceSettings.Builder builder = ResilienceSettings.builder();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.maxAttempts(0))
        .withMessage("maxAttempts is 0 but must be at least 1 (1 means no retry)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.maxTasksInFlight(-1))
        .withMessage("maxTasksInFlight is -1 but must not be negative (0 means no limit)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.firstBackoff(ofSeconds(-1)))
        .withMessage("firstBackoff is PT-1S but must be positive");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.firstBackoff(Duration.ZERO))
        .withMessage("firstBackoff is PT0S but must be positive");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.jitter(1.5))
        .withMessage("jitter is 1.5 but must be between 0 and 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.jitter(Double.NaN))
        .withMessageContaining("jitter is NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.breakerFailureThreshold(0))
        .withMessage("breakerFailureThreshold is 0 but must be at least 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.breakerDelay(Duration.ZERO))
        .withMessage("breakerDelay is PT0S but must be positive");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.callTimeout(ofSeconds(-5)))
        .withMessage("callTimeout is PT-5S but must be positive");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.requestsPerSecond(-1))
        .withMessage("requestsPerSecond is -1.0 but must be 0 (no limit) or a positive number");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.requestsPerSecond(Double.POSITIVE_INFINITY))
        .withMessageContaining("requestsPerSecond is Infinity");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.callTimeout(null))
        .withMessage("callTimeout == null");
  }

  @Test
  void should_refuse_a_longest_backoff_shorter_than_the_first() {
    ResilienceSettings.Builder builder =
        ResilienceSettings.builder().firstBackoff(ofSeconds(10)).maxBackoff(ofSeconds(5));

    assertThatIllegalArgumentException()
        .isThrownBy(builder::build)
        .withMessage("maxBackoff (PT5S) is shorter than firstBackoff (PT10S)");
  }
}
