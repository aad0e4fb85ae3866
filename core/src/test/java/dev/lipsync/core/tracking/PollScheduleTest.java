package dev.lipsync.core.tracking;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PollScheduleTest {
  private static final PollSchedule NO_JITTER = new PollSchedule(ofSeconds(5), 2, ofSeconds(40), 0);
  private static final PollSchedule JITTERED = new PollSchedule(ofSeconds(5), 2, ofSeconds(40), 0.2);

  @ParameterizedTest(name = "after {0} polls: {1} s")
  @CsvSource({"0, 5", "1, 10", "2, 20", "3, 40", "4, 40", "5, 40", "50, 40", "5000, 40"})
  void should_grow_by_the_factor_up_to_the_cap(int polls, long seconds) {
    assertThat(NO_JITTER.delay(polls, 0.5)).isEqualTo(ofSeconds(seconds));
  }

  @Test
  void should_give_5_10_20_40_40_for_the_first_five_polls() {
    assertThat(IntStream.range(0, 5).mapToObj(n -> NO_JITTER.delay(n, 0)))
        .containsExactly(ofSeconds(5), ofSeconds(10), ofSeconds(20), ofSeconds(40), ofSeconds(40));
  }

  @Test
  void should_treat_a_negative_poll_count_as_none() {
    assertThat(NO_JITTER.delay(-3, 0)).isEqualTo(ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7})
  void should_give_the_full_delay_for_random_0(int polls) {
    assertThat(JITTERED.delay(polls, 0)).isEqualTo(NO_JITTER.delay(polls, 0));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7})
  void should_shorten_by_at_most_the_jitter_for_random_close_to_1(int polls) {
    Duration full = NO_JITTER.delay(polls, 0);
    double almostOne = Math.nextDown(1.0);
    long shortestNanos = (long) (full.toNanos() * (1 - 0.2));

    Duration shortest = JITTERED.delay(polls, almostOne);

    assertThat(shortest).isLessThan(full);
    assertThat(shortest.toNanos()).isBetween(shortestNanos, shortestNanos + 1_000);
  }

  @Test
  void should_shorten_a_5_second_delay_to_4_seconds_at_most_with_20_percent_jitter() {
    assertThat(JITTERED.delay(0, 0.5)).isEqualTo(Duration.ofMillis(4_500));
    assertThat(JITTERED.delay(0, Math.nextDown(1.0))).isBetween(ofSeconds(4), Duration.ofMillis(4_001));
  }

  @Test
  void should_never_exceed_the_cap_nor_fall_below_the_jittered_floor() {
    Duration cap = ofSeconds(40);
    for (int polls = 0; polls < 64; polls++) {
      Duration full = NO_JITTER.delay(polls, 0);
      for (double random = 0; random < 1; random += 0.0625) {
        Duration delay = JITTERED.delay(polls, random);
        assertThat(delay).isLessThanOrEqualTo(cap).isLessThanOrEqualTo(full);
        assertThat(delay.toNanos()).isGreaterThanOrEqualTo((long) (full.toNanos() * 0.8) - 1);
      }
    }
  }

  @Test
  void should_default_to_5_seconds_growing_by_half_up_to_30_with_20_percent_jitter() {
    PollSchedule defaults = PollSchedule.defaults();

    assertThat(defaults.firstDelay()).isEqualTo(ofSeconds(5));
    assertThat(defaults.factor()).isEqualTo(1.5);
    assertThat(defaults.maxDelay()).isEqualTo(ofSeconds(30));
    assertThat(defaults.jitter()).isEqualTo(0.2);
    assertThat(defaults.delay(1, 0)).isEqualTo(Duration.ofMillis(7_500));
  }

  // ---------------------------------------------------------------- next delay

  @Test
  void should_wait_for_a_retry_after_longer_than_the_delay() {
    assertThat(NO_JITTER.nextDelay(1, 0, ofSeconds(45), Duration.ofHours(1))).isEqualTo(ofSeconds(45));
  }

  @Test
  void should_let_a_retry_after_exceed_the_cap() {
    assertThat(NO_JITTER.nextDelay(10, 0, Duration.ofMinutes(2), Duration.ofHours(1)))
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void should_ignore_a_retry_after_shorter_than_the_delay() {
    assertThat(NO_JITTER.nextDelay(1, 0, ofSeconds(3), Duration.ofHours(1))).isEqualTo(ofSeconds(10));
  }

  @Test
  void should_use_the_plain_delay_without_retry_after() {
    assertThat(NO_JITTER.nextDelay(2, 0, null, Duration.ofHours(1))).isEqualTo(ofSeconds(20));
  }

  @Test
  void should_not_schedule_past_the_deadline() {
    assertThat(NO_JITTER.nextDelay(3, 0, null, ofSeconds(25))).isEqualTo(ofSeconds(25));
    assertThat(NO_JITTER.nextDelay(0, 0, ofSeconds(45), ofSeconds(30))).isEqualTo(ofSeconds(30));
  }

  @Test
  void should_poll_at_once_when_the_deadline_has_passed() {
    assertThat(NO_JITTER.nextDelay(1, 0, null, Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(NO_JITTER.nextDelay(1, 0, ofSeconds(45), ofSeconds(-5))).isEqualTo(Duration.ZERO);
  }

  @Test
  void should_raise_the_cap_with_a_larger_first_delay() {
    PollSchedule slow = NO_JITTER.withFirstDelay(Duration.ofMinutes(1));

    assertThat(slow.firstDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(slow.maxDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(NO_JITTER.withFirstDelay(ofSeconds(1)).maxDelay()).isEqualTo(ofSeconds(40));
  }

  // ---------------------------------------------------------------- construction

  @Test
  void should_accept_the_edges_of_its_ranges() {
    PollSchedule edges = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);

    assertThat(edges.delay(10, 0)).isEqualTo(Duration.ZERO);
    assertThat(new PollSchedule(ofSeconds(5), 1, ofSeconds(5), 0.999).delay(3, 0)).isEqualTo(ofSeconds(5));
  }

  @Test
  void should_reject_a_negative_first_delay() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PollSchedule(ofSeconds(-1), 2, ofSeconds(40), 0))
        .withMessageContaining("firstDelay");
  }

  @Test
  void should_reject_a_cap_below_the_first_delay() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PollSchedule(ofSeconds(10), 2, ofSeconds(9), 0))
        .withMessage("need 0 <= firstDelay <= maxDelay, got PT10S and PT9S");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.99, 0, -1, Double.NaN})
  void should_reject_a_factor_below_1(double factor) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PollSchedule(ofSeconds(5), factor, ofSeconds(40), 0))
        .withMessage("factor must be at least 1, got " + factor);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 1.5, -0.01, Double.NaN})
  void should_reject_a_jitter_outside_0_to_1(double jitter) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PollSchedule(ofSeconds(5), 2, ofSeconds(40), jitter))
        .withMessage("jitter must be in [0, 1), got " + jitter);
  }

  @Test
  void should_reject_null_durations() {
    assertThatNullPointerException().isThrownBy(() -> new PollSchedule(null, 2, ofSeconds(40), 0));
    assertThatNullPointerException().isThrownBy(() -> new PollSchedule(ofSeconds(5), 2, null, 0));
  }

  @Test
  void should_saturate_a_delay_of_centuries_rather_than_overflow_and_still_meet_the_deadline() {
    Duration centuries = Duration.ofHours(3_000_000);
    PollSchedule absurd = new PollSchedule(centuries, 1.5, centuries, 0);

    assertThat(absurd.delay(0, 0)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(absurd.nextDelay(3, 0, null, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(TaskScheduler.nanos(centuries)).isEqualTo(Long.MAX_VALUE);
    assertThat(TaskScheduler.nanos(Duration.ofSeconds(-1))).isZero();
  }
}
