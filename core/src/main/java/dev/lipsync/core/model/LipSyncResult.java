package dev.lipsync.core.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A finished job: the videos, the vendor that made them, and everything tried on the way.
 *
 * @param taskRef the task that produced the videos
 * @param videos the result videos
 * @param attempts every vendor tried, in order, ending with the one that succeeded
 * @param faceRules for each dub, the rule its face selector applied at the winning vendor
 * @param idempotencyKey the job's key
 * @param estimatedCostUsd the cost estimated from the vendor's pricing and the audio length, or null
 *     when the vendor's price is unknown
 * @param startedAt when the job started
 * @param finishedAt when the result was known
 */
public record LipSyncResult(
    TaskRef taskRef,
    List<ResultVideo> videos,
    List<Attempt> attempts,
    List<String> faceRules,
    String idempotencyKey,
    @Nullable BigDecimal estimatedCostUsd,
    Instant startedAt,
    Instant finishedAt) {

  public LipSyncResult {
    Objects.requireNonNull(taskRef, "taskRef == null");
    videos = List.copyOf(videos);
    attempts = List.copyOf(attempts);
    faceRules = List.copyOf(faceRules);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    Objects.requireNonNull(startedAt, "startedAt == null");
    Objects.requireNonNull(finishedAt, "finishedAt == null");
  }

  /** The vendor that made the videos. */
  public String vendor() {
    return taskRef.vendor();
  }

  /** How long the job took. */
  public Duration elapsed() {
    return Duration.between(startedAt, finishedAt);
  }
}
