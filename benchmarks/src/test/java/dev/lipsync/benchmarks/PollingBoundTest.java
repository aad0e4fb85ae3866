package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollingBoundTest {
  private static final Duration SHORTEST = Duration.ofSeconds(30);

  @Test
  void should_allow_two_seconds_or_a_tenth_whichever_is_longer() {
    assertThat(PollingBound.allowance(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
    assertThat(PollingBound.allowance(Duration.ofSeconds(300))).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void should_notice_the_shortest_tasks_with_one_poll_a_tenth_after_they_end() {
    assertThat(PollingBound.polls(Duration.ofSeconds(30), SHORTEST)).isEqualTo(1);
    assertThat(PollingBound.polls(Duration.ofSeconds(33), SHORTEST)).isEqualTo(1);
    assertThat(PollingBound.polls(Duration.ofMillis(33_001), SHORTEST)).isEqualTo(2);
  }

  @Test
  void should_space_polls_a_tenth_of_the_elapsed_time_apart() {
    // Polls at 33, 36.3, 39.93 s: a task ending at 39.9 s is noticed by the third.
    assertThat(PollingBound.polls(Duration.ofMillis(39_900), SHORTEST)).isEqualTo(3);
    assertThat(PollingBound.polls(Duration.ofMillis(39_940), SHORTEST)).isEqualTo(4);
  }

  @Test
  void should_average_over_the_tasks() {
    assertThat(PollingBound.meanPolls(List.of(Duration.ofSeconds(30), Duration.ofMillis(39_940)), SHORTEST))
        .isCloseTo(2.5, within(1e-9));
  }

  @Test
  void should_refuse_a_task_shorter_than_the_shortest() {
    assertThatThrownBy(() -> PollingBound.polls(Duration.ofSeconds(29), SHORTEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than shortest");
  }
}
