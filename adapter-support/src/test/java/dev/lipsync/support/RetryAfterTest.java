package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  private static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "45, 45", "120, 120", "3600, 3600", "' 30 ', 30", "007, 7"})
  void should_read_a_number_of_seconds(String header, long seconds) {
    assertThat(RetryAfter.parse(header, NOW)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void should_read_an_http_date_relative_to_now() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:45 GMT", NOW)).isEqualTo(Duration.ofSeconds(45));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 90, 1_800, 3_599})
  void should_read_any_http_date_within_the_hour(long seconds) {
    String header = httpDate(NOW.plusSeconds(seconds));

    assertThat(RetryAfter.parse(header, NOW)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void should_read_an_http_date_in_another_zone() {
    // 09:28:30 at +02:00 is 07:28:30 UTC.
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 09:28:30 +0200", NOW)).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Wed, 21 Oct 2015 07:27:59 GMT", "Thu, 1 Jan 1970 00:00:00 GMT"})
  void should_give_zero_for_a_date_in_the_past(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void should_give_zero_for_a_date_equal_to_now() {
    assertThat(RetryAfter.parse(httpDate(NOW), NOW)).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3601", "86400", "99999999999", "9223372036854775807", "99999999999999999999999"})
  void should_cap_seconds_at_one_hour(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void should_cap_a_far_date_at_one_hour() {
    assertThat(RetryAfter.parse(httpDate(NOW.plusSeconds(3_601)), NOW)).isEqualTo(Duration.ofHours(1));
    assertThat(RetryAfter.parse("Fri, 31 Dec 2100 23:59:59 GMT", NOW)).isEqualTo(Duration.ofHours(1));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "soon", "-5", "1.5", "30s", "2015-10-21T07:29:00Z", "Wed, 32 Oct 2015 07:28:00 GMT"})
  void should_give_null_for_an_absent_or_unreadable_header(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isNull();
  }
}
