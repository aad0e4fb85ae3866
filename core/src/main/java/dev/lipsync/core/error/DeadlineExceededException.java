package dev.lipsync.core.error;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The job's deadline passed before its task ended. The task may still finish at the vendor: its
 * reference is in {@link #taskRef()}, and tracking can be resumed with it.
 */
public final class DeadlineExceededException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(ErrorContext context, Duration waited, @Nullable String lastStatus) {
    super(
        context,
        "the deadline passed after " + waited.toMillis() + " ms"
            + (lastStatus == null ? "" : "; the last status was " + lastStatus),
        null);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.DEADLINE_EXCEEDED;
  }
}
