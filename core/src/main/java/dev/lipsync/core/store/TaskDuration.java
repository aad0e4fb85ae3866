package dev.lipsync.core.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How long one vendor task took, for the audio it was billed for: what the gateway learns its poll
 * placement from (see {@link JobStore#recordDuration}). Times are kept to the millisecond, as stores
 * keep them. Immutable.
 *
 * @param vendor the vendor that ran the task
 * @param audio the audio the task was billed for
 * @param took from the submit to the task's end, as observed
 * @param endedAt when the task ended, as observed: what "most recent" means
 */
public record TaskDuration(String vendor, Duration audio, Duration took, Instant endedAt) {

  public TaskDuration {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(audio, "audio == null");
    Objects.requireNonNull(took, "took == null");
    Objects.requireNonNull(endedAt, "endedAt == null");
    if (vendor.isBlank()) {
      throw new IllegalArgumentException("vendor: must not be blank");
    }
    if (audio.isNegative()) {
      throw new IllegalArgumentException("audio: " + audio + " must not be negative");
    }
    if (took.isNegative() || took.isZero()) {
      throw new IllegalArgumentException("took: " + took + " must be positive");
    }
    audio = Duration.ofMillis(audio.toMillis());
    took = Duration.ofMillis(Math.max(1, took.toMillis()));
    endedAt = endedAt.truncatedTo(ChronoUnit.MILLIS);
  }
}
