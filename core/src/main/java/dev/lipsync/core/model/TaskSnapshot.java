package dev.lipsync.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a vendor said about a task at one moment, from a status call or a callback.
 *
 * @param ref the task
 * @param state the state in the library's words
 * @param rawStatus the vendor's own status word, kept as sent (also when no mapping knows it)
 * @param videos the result videos; empty until the task succeeded
 * @param failure why the task failed, or null
 * @param createdAt when the vendor created the task, or null
 * @param updatedAt when the vendor last changed it, or null
 * @param billedUnits what the vendor says the task cost, in its own units (Kling's {@code
 *     final_unit_deduction}), or null when it does not say
 */
public record TaskSnapshot(
    TaskRef ref,
    TaskState state,
    @Nullable String rawStatus,
    List<ResultVideo> videos,
    @Nullable TaskFailure failure,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt,
    @Nullable BigDecimal billedUnits) {

  public TaskSnapshot {
    Objects.requireNonNull(ref, "ref == null");
    Objects.requireNonNull(state, "state == null");
    videos = List.copyOf(videos);
  }

  /** Starts a snapshot of {@code ref} in {@code state}. */
  public static Builder builder(TaskRef ref, TaskState state) {
    return new Builder(ref, state);
  }

  /** Builds a {@link TaskSnapshot}. Not thread-safe. */
  public static final class Builder {
    private final TaskRef ref;
    private final TaskState state;
    private @Nullable String rawStatus;
    private List<ResultVideo> videos = List.of();
    private @Nullable TaskFailure failure;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable BigDecimal billedUnits;

    private Builder(TaskRef ref, TaskState state) {
      this.ref = Objects.requireNonNull(ref, "ref == null");
      this.state = Objects.requireNonNull(state, "state == null");
    }

    public Builder rawStatus(@Nullable String rawStatus) {
      this.rawStatus = rawStatus;
      return this;
    }

    public Builder videos(List<ResultVideo> videos) {
      this.videos = List.copyOf(videos);
      return this;
    }

    public Builder failure(@Nullable TaskFailure failure) {
      this.failure = failure;
      return this;
    }

    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(@Nullable Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /** What the vendor says the task cost, in its own units. */
    public Builder billedUnits(@Nullable BigDecimal billedUnits) {
      this.billedUnits = billedUnits;
      return this;
    }

    public TaskSnapshot build() {
      return new TaskSnapshot(ref, state, rawStatus, videos, failure, createdAt, updatedAt, billedUnits);
    }
  }
}
