package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The gateway was closed while the job ran, or before it started. Nothing more is sent for the job.
 * Carries what the application needs to pick the job up again: the task, when one was created
 * ({@link #taskRef()}, for {@code LipSyncGateway.resume}), and the job's idempotency key, with which a
 * task whose submit was under way can be looked up ({@link #submitUnderWay()}).
 */
public final class GatewayClosedException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String idempotencyKey;
  private final boolean submitUnderWay;

  public GatewayClosedException(
      ErrorContext context, String reason, @Nullable String idempotencyKey, boolean submitUnderWay) {
    super(context, reason + (idempotencyKey == null ? "" : "; idempotency key " + idempotencyKey), null);
    this.idempotencyKey = idempotencyKey;
    this.submitUnderWay = submitUnderWay;
  }

  /** The job's idempotency key, or null for a task taken up by {@code resume} without its job. */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  /** Whether a paid submit was under way, so a task may exist without a known reference. */
  public boolean submitUnderWay() {
    return submitUnderWay;
  }

  @Override
  public FailureKind kind() {
    return FailureKind.CLOSED;
  }
}
