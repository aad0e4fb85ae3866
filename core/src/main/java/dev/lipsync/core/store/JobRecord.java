package dev.lipsync.core.store;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job as a {@link JobStore} keeps it: what was asked, how far it got, and what was paid for. Each
 * change makes a new record of the next {@link #version()}, which the store takes only over the one it
 * replaces ({@link JobStore#replace}), so two writers never both win. Immutable.
 *
 * @param idempotencyKey the job's key: one job, at most one paid task, per key
 * @param job what was asked
 * @param state how far the job got
 * @param vendor the vendor of the attempt under way, or of the last one; null before the first
 * @param taskRef the paid task, once known
 * @param attempts every attempt so far, in order
 * @param failure what ended the job without a video, if it did
 * @param failureMessage the failure's message, if it did
 * @param result the video and what it took, once the job succeeded
 * @param version 1 for a new record, one more at each change
 * @param createdAt when the job was first written, to the millisecond
 * @param updatedAt when this version was written, to the millisecond
 */
public record JobRecord(
    String idempotencyKey,
    LipSyncJob job,
    JobState state,
    @Nullable String vendor,
    @Nullable TaskRef taskRef,
    List<Attempt> attempts,
    @Nullable FailureKind failure,
    @Nullable String failureMessage,
    @Nullable LipSyncResult result,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public JobRecord {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    Objects.requireNonNull(job, "job == null");
    Objects.requireNonNull(state, "state == null");
    attempts = List.copyOf(attempts);
    // Kept to the millisecond, as a database keeps them, so a record read back equals the one written.
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
    if (version < 1) {
      throw new IllegalArgumentException("version: " + version + " must be at least 1");
    }
    if ((state == JobState.SUCCEEDED) != (result != null)) {
      throw new IllegalArgumentException("result: a job has one exactly when it succeeded; state " + state
          + (result == null ? " without a result" : " with a result"));
    }
  }

  /**
   * Checks that this record is the version after {@code current} of the same job, as {@link
   * JobStore#replace} requires.
   *
   * @throws IllegalArgumentException if it is another job's, or not the next version
   */
  public void requireFollows(JobRecord current) {
    if (!idempotencyKey.equals(current.idempotencyKey)) {
      throw new IllegalArgumentException("next is job " + idempotencyKey + ", not " + current.idempotencyKey);
    }
    if (version != current.version + 1) {
      throw new IllegalArgumentException("next: version " + version + " must follow version " + current.version);
    }
  }

  /** A job written for the first time, at {@code now}, before anything is sent. */
  public static JobRecord started(LipSyncJob job, Instant now) {
    return new JobRecord(job.idempotencyKey(), job, JobState.IDENTIFYING, null, null, List.of(), null, null, null,
        1, now, now);
  }

  /**
   * The next version: the job at {@code state} with {@code vendor}, its task (null until the attempt
   * under way has one) and its attempts so far, at {@code now}. A task of an earlier attempt stays on
   * record in that attempt.
   *
   * @throws IllegalArgumentException if {@code state} is {@link JobState#SUCCEEDED}, which {@link
   *     #succeeded} writes with its result
   * @throws IllegalStateException if this record is of an ended job: an ending is final
   */
  public JobRecord moveTo(JobState state, @Nullable String vendor, @Nullable TaskRef taskRef, List<Attempt> attempts,
      Instant now) {
    return next(state, vendor, taskRef, attempts, null, null, null, now);
  }

  /**
   * The next version: the job ended without a video at {@code state}, with its task (if the last attempt
   * had one), its attempts and its failure, at {@code now}.
   *
   * @throws IllegalArgumentException if {@code state} is not an end, or is {@link JobState#SUCCEEDED},
   *     which {@link #succeeded} writes with its result
   * @throws IllegalStateException if this record is of an ended job
   */
  public JobRecord end(JobState state, @Nullable TaskRef taskRef, List<Attempt> attempts,
      @Nullable FailureKind failure, @Nullable String failureMessage, Instant now) {
    if (!state.isTerminal() || state == JobState.SUCCEEDED) {
      throw new IllegalArgumentException("state: " + state + " is not an end without a video");
    }
    return next(state, null, taskRef, attempts, failure, failureMessage, null, now);
  }

  /**
   * The next version: the job succeeded with {@code result} (its task, videos and attempts), at {@code
   * now}.
   *
   * @throws IllegalStateException if this record is of an ended job
   */
  public JobRecord succeeded(LipSyncResult result, Instant now) {
    Objects.requireNonNull(result, "result == null");
    return next(JobState.SUCCEEDED, result.taskRef().vendor(), result.taskRef(), result.attempts(), null, null,
        result, now);
  }

  private JobRecord next(JobState state, @Nullable String vendor, @Nullable TaskRef taskRef, List<Attempt> attempts,
      @Nullable FailureKind failure, @Nullable String failureMessage, @Nullable LipSyncResult result, Instant now) {
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(now, "now == null");
    if (this.state.isTerminal()) {
      throw new IllegalStateException("job " + idempotencyKey + " ended " + this.state + "; it does not change");
    }
    return new JobRecord(idempotencyKey, job, state, vendor != null ? vendor : this.vendor, taskRef, attempts,
        failure, failureMessage, result, version + 1, createdAt, now);
  }
}
