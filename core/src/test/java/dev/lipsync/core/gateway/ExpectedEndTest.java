package dev.lipsync.core.gateway;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lipsync.core.store.TaskDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected end learnt from a vendor's recent durations: the line, the spread, and when it refuses. */
class ExpectedEndTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static TaskDuration took(double audioSeconds, double seconds) {
    return new TaskDuration("kling", Duration.ofMillis(Math.round(audioSeconds * 1000)),
        Duration.ofMillis(Math.round(seconds * 1000)), T0);
  }

  @Test
  void should_expect_nothing_from_fewer_than_ten_durations() {
    List<TaskDuration> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add(took(10, 100));
    }

    assertThat(ExpectedEnd.fit(nine, ofSeconds(10))).isNull();
    nine.add(took(10, 100));
    assertThat(ExpectedEnd.fit(nine, ofSeconds(10))).isEqualTo(new ExpectedEnd(ofSeconds(100), ofSeconds(100)));
  }

  @Test
  void should_follow_the_line_of_durations_that_grow_with_the_audio() {
    List<TaskDuration> exact = new ArrayList<>();
    for (int audio = 2; audio <= 60; audio += 2) {
      exact.add(took(audio, 40 + 8 * audio));
    }

    assertThat(ExpectedEnd.fit(exact, ofSeconds(30))).isEqualTo(new ExpectedEnd(ofSeconds(280), ofSeconds(280)));
    assertThat(ExpectedEnd.fit(exact, ofSeconds(90)))
        .as("beyond the lengths seen, the line goes on")
        .isEqualTo(new ExpectedEnd(ofSeconds(760), ofSeconds(760)));
  }

  @Test
  void should_spread_from_the_low_to_the_high_quantile_of_actual_over_predicted() {
    List<TaskDuration> spread = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      spread.add(took(10, 80 + 2 * i)); // 80, 82, ... 120 s: the mean 100 s, ratios 0.8 to 1.2
    }

    ExpectedEnd expected = ExpectedEnd.fit(spread, ofSeconds(10));

    assertThat(expected).isEqualTo(new ExpectedEnd(ofSeconds(80), ofSeconds(120)));
  }

  @Test
  void should_take_a_slope_below_zero_as_none() {
    List<TaskDuration> falling = new ArrayList<>();
    for (int audio = 1; audio <= 10; audio++) {
      falling.add(took(audio, 110 - audio)); // 109 ... 100 s, mean 104.5 s
    }

    ExpectedEnd expected = ExpectedEnd.fit(falling, ofSeconds(600));

    assertThat(expected).as("a long clip is not expected to end before it starts").isNotNull();
    assertThat(expected.low()).isGreaterThan(ofSeconds(90));
    assertThat(expected.high()).isLessThan(ofSeconds(120));
  }

  @Test
  void should_expect_nothing_where_the_line_predicts_no_time_at_all() {
    List<TaskDuration> steep = new ArrayList<>();
    for (int audio = 2; audio <= 11; audio++) {
      steep.add(took(audio, -10 + 10 * audio)); // 10 ... 100 s: the line crosses 0 at 1 s of audio
    }

    assertThat(ExpectedEnd.fit(steep, Duration.ofMillis(500))).isNull();
    assertThat(ExpectedEnd.fit(steep, ofSeconds(5))).isEqualTo(new ExpectedEnd(ofSeconds(40), ofSeconds(40)));
  }

  @Test
  void should_refuse_a_window_that_ends_before_it_starts() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ExpectedEnd(ofSeconds(10), ofSeconds(9)))
        .withMessageContaining("low <= high");
  }
}
