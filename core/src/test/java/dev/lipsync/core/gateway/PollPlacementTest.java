package dev.lipsync.core.gateway;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.tracking.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where polls go around an expected end, on numbers alone: no scheduler, a fixed random source. */
class PollPlacementTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration FAR = Duration.ofHours(1);
  /** Ends expected between 100 and 150 s after the submit. */
  private static final ExpectedEnd WINDOW = new ExpectedEnd(ofSeconds(100), ofSeconds(150));

  private static PollPlacement placement(ExpectedEnd expected) {
    return new PollPlacement(T0, expected, PollSchedule.defaults());
  }

  /** The times (from the submit) of the polls placed until {@code until}, with the random source given. */
  private static List<Duration> polls(PollPlacement placement, Duration until, Random random) {
    List<Duration> at = new ArrayList<>();
    Duration now = Duration.ZERO;
    while (now.compareTo(until) < 0) {
      now = now.plus(placement.nextDelay(T0.plus(now), random.nextDouble(), null, FAR));
      at.add(now);
    }
    return at;
  }

  @Test
  void should_poll_first_at_the_low_end_then_a_tenth_of_the_age_apart() {
    PollPlacement placement = placement(WINDOW);

    assertThat(placement.nextDelay(T0, 0, null, FAR)).isEqualTo(ofSeconds(100));
    assertThat(placement.nextDelay(T0.plusSeconds(100), 0, null, FAR)).isEqualTo(ofSeconds(10));
    assertThat(placement.nextDelay(T0.plusSeconds(110), 0, null, FAR)).isEqualTo(ofSeconds(11));
    assertThat(placement.nextDelay(T0.plusSeconds(121), 0, null, FAR)).isEqualTo(Duration.ofMillis(12_100));
  }

  @Test
  void should_grow_by_the_schedules_factor_up_to_its_cap_after_the_high_end() {
    PollPlacement placement = placement(WINDOW);
    Duration last = placement.nextDelay(T0.plusSeconds(149), 0, null, FAR);
    assertThat(last).isEqualTo(Duration.ofMillis(14_900));

    assertThat(placement.nextDelay(T0.plusSeconds(164), 0, null, FAR)).isEqualTo(Duration.ofMillis(22_350));
    assertThat(placement.nextDelay(T0.plusSeconds(186), 0, null, FAR)).as("the schedule's cap").isEqualTo(ofSeconds(30));
    assertThat(placement.nextDelay(T0.plusSeconds(216), 0, null, FAR)).isEqualTo(ofSeconds(30));
  }

  @Test
  void should_never_poll_less_often_after_the_high_end_than_within_it() {
    PollPlacement placement = placement(new ExpectedEnd(ofSeconds(400), ofSeconds(500)));
    assertThat(placement.nextDelay(T0.plusSeconds(499), 0, null, FAR)).isEqualTo(Duration.ofMillis(49_900));

    assertThat(placement.nextDelay(T0.plusSeconds(549), 0, null, FAR))
        .as("the last gap is longer than the schedule's cap of 30 s: it stays")
        .isEqualTo(Duration.ofMillis(49_900));
  }

  @Test
  void should_poll_young_tasks_two_seconds_apart() {
    PollPlacement placement = placement(new ExpectedEnd(ofSeconds(6), ofSeconds(12)));

    assertThat(placement.nextDelay(T0, 0, null, FAR)).isEqualTo(ofSeconds(6));
    assertThat(placement.nextDelay(T0.plusSeconds(6), 0, null, FAR)).isEqualTo(ofSeconds(2));
  }

  @Test
  void should_keep_to_a_schedule_that_polls_more_often_than_every_two_seconds() {
    PollSchedule backToBack = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);
    PollPlacement placement = new PollPlacement(T0, new ExpectedEnd(Duration.ofMillis(4), Duration.ofMillis(6)),
        backToBack);

    assertThat(placement.nextDelay(T0, 0, null, FAR)).isEqualTo(Duration.ofMillis(4));
    assertThat(placement.nextDelay(T0.plusMillis(4), 0, null, FAR))
        .as("a tenth of the task's age, not the 2 s a slower schedule allows")
        .isEqualTo(Duration.ofNanos(400_000));
    assertThat(new PollPlacement(T0, WINDOW, new PollSchedule(ofSeconds(1), 1, ofSeconds(1), 0))
        .gap(ofSeconds(5))).isEqualTo(ofSeconds(1));
  }

  @Test
  void should_only_shorten_delays_by_the_jitter() {
    PollPlacement placement = placement(WINDOW);

    assertThat(placement.nextDelay(T0, 0.5, null, FAR))
        .as("20 % × 0.5 of the 10 s gap at the low end earlier")
        .isEqualTo(ofSeconds(99));
    assertThat(placement.nextDelay(T0.plusSeconds(99), 0.5, null, FAR)).isEqualTo(Duration.ofMillis(8_910));
  }

  @Test
  void should_notice_every_end_within_its_window_in_time_whatever_the_jitter() {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      List<Duration> polls = polls(placement(WINDOW), ofSeconds(150), random);
      for (long endMs = 100_000; endMs <= 150_000; endMs += 250) {
        Duration end = Duration.ofMillis(endMs);
        Duration noticed = polls.stream().filter(p -> p.compareTo(end) >= 0).findFirst().orElseThrow();
        assertThat(noticed.minus(end))
            .as("an end at %s noticed at %s", end, noticed)
            .isLessThanOrEqualTo(placement(WINDOW).gap(end));
      }
    }
  }

  @Test
  void should_wait_for_a_longer_retry_after_and_go_on_from_its_own_delay() {
    PollPlacement placement = placement(WINDOW);

    assertThat(placement.nextDelay(T0.plusSeconds(100), 0, ofSeconds(60), FAR)).isEqualTo(ofSeconds(60));
    assertThat(placement.nextDelay(T0.plusSeconds(100), 0, ofSeconds(3), FAR)).isEqualTo(ofSeconds(10));
    assertThat(placement.nextDelay(T0.plusSeconds(160), 0, null, FAR))
        .as("after the high end, growing from the last delay placed, not from the Retry-After")
        .isEqualTo(ofSeconds(15));
  }

  @Test
  void should_never_poll_past_the_deadline() {
    PollPlacement placement = placement(WINDOW);

    assertThat(placement.nextDelay(T0, 0, null, ofSeconds(40))).isEqualTo(ofSeconds(40));
    assertThat(placement.nextDelay(T0.plusSeconds(120), 0, ofSeconds(60), ofSeconds(5))).isEqualTo(ofSeconds(5));
    assertThat(placement.nextDelay(T0.plusSeconds(120), 0, null, ofSeconds(-1))).isEqualTo(Duration.ZERO);
  }
}
