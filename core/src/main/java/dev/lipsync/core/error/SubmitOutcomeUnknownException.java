package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/**
 * A submit may have reached the vendor (a timeout or a reset after the request was sent, or an answer
 * that could not be read), so a paid task may exist. Never retried blindly, and never followed by a
 * submit elsewhere until it is known that no task was created. Carries the vendor and the job's
 * idempotency key, with which the task can be found.
 */
public final class SubmitOutcomeUnknownException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String idempotencyKey;
  private final String originalReason;

  public SubmitOutcomeUnknownException(
      ErrorContext context, String reason, @Nullable String idempotencyKey, @Nullable Throwable cause) {
    super(context, reason + (idempotencyKey == null ? "" : "; idempotency key " + idempotencyKey), cause);
    this.idempotencyKey = idempotencyKey;
    this.originalReason = reason;
  }

  /** The key sent with the submit, or null if none was sent. */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  /** The same failure, now knowing which job's key was sent. */
  public SubmitOutcomeUnknownException withIdempotencyKey(String key) {
    return new SubmitOutcomeUnknownException(context(), originalReason, key, getCause());
  }

  @Override
  public FailureKind kind() {
    return FailureKind.SUBMIT_OUTCOME_UNKNOWN;
  }
}
