package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

  @Test
  void should_take_a_positive_timeout_as_it_is() {
    assertThat(Timeouts.requirePositive("readTimeout", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void should_refuse_zero_negative_and_null_naming_the_setting() {
    assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.requirePositive("readTimeout", Duration.ZERO))
        .withMessage("readTimeout: PT0S must be positive");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Timeouts.requirePositive("identifyTimeout", Duration.ofSeconds(-1)))
        .withMessage("identifyTimeout: PT-1S must be positive");
    assertThatNullPointerException().isThrownBy(() -> Timeouts.requirePositive("connectTimeout", null))
        .withMessage("connectTimeout == null");
  }
}
