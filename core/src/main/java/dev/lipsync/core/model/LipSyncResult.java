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
 * @param idempotencyKey the job's key, or null for a task taken up by {@code resume} without its job
 * @param estimatedCostUsd the cost estimated from the vendor's pricing and the audio length, or null
 *     when the vendor's price is unknown
 * @param billedUnits what the vendor reported it billed for the job, in its own units (Kling's {@code
 *     final_unit_deduction}): the task's, plus each identification's it reported; null when it did not
 *     report the task's
 * @param steps when the job was dubbed as a chain of tasks at one vendor ({@link
 *     LipSyncJob#chaining()}), every task in order, the last being {@code taskRef}; empty when one task
 *     did it all
 * @param startedAt when the job started
 * @param finishedAt when the result was known
 */
public record LipSyncResult(
    TaskRef taskRef,
    List<ResultVideo> videos,
    List<Attempt> attempts,
    List<String> faceRules,
    @Nullable String idempotencyKey,
    @Nullable BigDecimal estimatedCostUsd,
    @Nullable BigDecimal billedUnits,
    List<ChainStep> steps,
    Instant startedAt,
    Instant finishedAt) {

  public LipSyncResult {
    Objects.requireNonNull(taskRef, "taskRef == null");
    videos = List.copyOf(videos);
    attempts = List.copyOf(attempts);
    faceRules = List.copyOf(faceRules);
    steps = List.copyOf(steps);
    Objects.requireNonNull(startedAt, "startedAt == null");
    Objects.requireNonNull(finishedAt, "finishedAt == null");
  }

  /** Starts a result of the task {@code taskRef} for the job with {@code idempotencyKey}. */
  public static Builder builder(TaskRef taskRef, @Nullable String idempotencyKey) {
    return new Builder(taskRef, idempotencyKey);
  }

  /** The vendor that made the videos. */
  public String vendor() {
    return taskRef.vendor();
  }

  /** How long the job took. */
  public Duration elapsed() {
    return Duration.between(startedAt, finishedAt);
  }

  /** Builds a {@link LipSyncResult}; the start and finish times are required. Not thread-safe. */
  public static final class Builder {
    private final TaskRef taskRef;
    private final @Nullable String idempotencyKey;
    private List<ResultVideo> videos = List.of();
    private List<Attempt> attempts = List.of();
    private List<String> faceRules = List.of();
    private @Nullable BigDecimal estimatedCostUsd;
    private @Nullable BigDecimal billedUnits;
    private List<ChainStep> steps = List.of();
    private @Nullable Instant startedAt;
    private @Nullable Instant finishedAt;

    private Builder(TaskRef taskRef, @Nullable String idempotencyKey) {
      this.taskRef = Objects.requireNonNull(taskRef, "taskRef == null");
      this.idempotencyKey = idempotencyKey;
    }

    public Builder videos(List<ResultVideo> videos) {
      this.videos = List.copyOf(videos);
      return this;
    }

    public Builder attempts(List<Attempt> attempts) {
      this.attempts = List.copyOf(attempts);
      return this;
    }

    public Builder faceRules(List<String> faceRules) {
      this.faceRules = List.copyOf(faceRules);
      return this;
    }

    public Builder estimatedCostUsd(@Nullable BigDecimal estimatedCostUsd) {
      this.estimatedCostUsd = estimatedCostUsd;
      return this;
    }

    /** What the vendor reported it billed, in its own units. */
    public Builder billedUnits(@Nullable BigDecimal billedUnits) {
      this.billedUnits = billedUnits;
      return this;
    }

    /** The tasks of a job dubbed as a chain, in order; none unless set. */
    public Builder steps(List<ChainStep> steps) {
      this.steps = List.copyOf(steps);
      return this;
    }

    /** When the job started and when its result was known. */
    public Builder timings(Instant startedAt, Instant finishedAt) {
      this.startedAt = Objects.requireNonNull(startedAt, "startedAt == null");
      this.finishedAt = Objects.requireNonNull(finishedAt, "finishedAt == null");
      return this;
    }

    /**
     * Builds the result.
     *
     * @throws IllegalStateException if the timings were not given
     */
    public LipSyncResult build() {
      if (startedAt == null || finishedAt == null) {
        throw new IllegalStateException("Timings required: call timings(startedAt, finishedAt).");
      }
      return new LipSyncResult(
          taskRef, videos, attempts, faceRules, idempotencyKey, estimatedCostUsd, billedUnits, steps, startedAt,
          finishedAt);
    }
  }
}
