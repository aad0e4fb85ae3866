package dev.lipsync.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads an HTTP {@code Retry-After} header: a number of seconds, or an HTTP date. */
final class RetryAfter {
  private static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * The delay the header asks for, measured from {@code now}; null when the header is absent or not
   * readable. A date in the past gives zero; anything over an hour is capped at an hour, so a vendor's
   * mistake cannot park a job for days.
   */
  static @Nullable Duration parse(@Nullable String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    Duration delay;
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        delay = Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        delay = MAX;
      }
    } else {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        delay = Duration.between(now, at);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
