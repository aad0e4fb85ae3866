package dev.lipsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobStoresTest {

  @Test
  void should_take_the_middle_value_as_the_median_of_an_odd_count() {
    assertThat(JobStores.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
  }

  @Test
  void should_take_the_mean_of_the_two_middle_values_as_the_median_of_an_even_count() {
    assertThat(JobStores.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void should_refuse_the_median_of_nothing() {
    assertThatIllegalArgumentException().isThrownBy(() -> JobStores.median(List.of()));
  }
}
