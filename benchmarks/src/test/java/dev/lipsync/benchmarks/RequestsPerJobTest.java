package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestsPerJobTest {

  @Test
  void should_draw_clips_of_2_to_60_s_taking_40_s_plus_8_s_per_second_within_25_percent() {
    List<RequestsPerJob.Task> tasks = RequestsPerJob.clips(new Random(RequestsPerJob.CLIPS_SEED));

    assertThat(tasks).hasSize(RequestsPerJob.TASKS).allSatisfy(task -> {
      assertThat(task.audio()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(60));
      double typical = 40 + 8 * task.audio().toMillis() / 1000.0;
      assertThat(task.duration().toMillis() / 1000.0).isBetween(typical * 0.75 - 0.001, typical * 1.25 + 0.001);
      assertThat(task.duration()).isGreaterThanOrEqualTo(RequestsPerJob.clipsShortest(task.audio()));
    });
    assertThat(tasks).as("the same tasks for the same seed")
        .isEqualTo(RequestsPerJob.clips(new Random(RequestsPerJob.CLIPS_SEED)));
  }
}
