package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerValuesTest {

  @Test
  void should_read_an_http_or_https_url_stripped() {
    assertThat(AnswerValues.httpUrlOrNull(" https://cdn.example.com/v/1.mp4\n"))
        .isEqualTo(URI.create("https://cdn.example.com/v/1.mp4"));
    assertThat(AnswerValues.httpUrlOrNull("HTTP://127.0.0.1:8080/faces/0.png"))
        .isEqualTo(URI.create("HTTP://127.0.0.1:8080/faces/0.png"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "not a url", "/relative/path.mp4", "ftp://example.com/v.mp4",
      "data:video/mp4;base64,AAAA", "https:///no-host", "https://exa mple.com/v.mp4"})
  void should_read_anything_else_as_absent(String text) {
    assertThat(AnswerValues.httpUrlOrNull(text)).isNull();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"5.1", " 5.042 ", "0", "86400"})
  void should_read_seconds_to_the_millisecond(String text) {
    assertThat(AnswerValues.secondsOrNull(text))
        .isEqualTo(Duration.ofMillis(Math.round(Double.parseDouble(text.strip()) * 1000)));
    assertThat(AnswerValues.secondsOrNull("5.1")).isEqualTo(Duration.ofMillis(5_100));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "-1", "five", "86400.5", "NaN", "Infinity", "1e999999999", "1e99999999", "-1e99999999"})
  @Timeout(1)
  void should_read_unusable_seconds_as_absent_and_quickly(String text) {
    assertThat(AnswerValues.secondsOrNull(text)).isNull();
  }

  @Test
  @Timeout(1)
  void should_read_a_tiny_or_endless_number_of_seconds_quickly() {
    assertThat(AnswerValues.secondsOrNull("1e-99999999")).isEqualTo(Duration.ZERO);
    assertThat(AnswerValues.secondsOrNull("9".repeat(900_000))).isNull();
  }
}
