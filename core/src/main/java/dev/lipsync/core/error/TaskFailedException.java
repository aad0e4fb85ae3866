package dev.lipsync.core.error;

import dev.lipsync.core.model.TaskSnapshot;
import java.util.Objects;

/** The vendor's task ended in failure; the snapshot holds the vendor's reason. */
public final class TaskFailedException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  private final transient TaskSnapshot snapshot;

  public TaskFailedException(TaskSnapshot snapshot) {
    super(
        new ErrorContext(
            snapshot.ref().vendor(),
            0,
            snapshot.failure() == null ? null : snapshot.failure().code(),
            snapshot.failure() == null ? null : snapshot.failure().message(),
            snapshot.ref()),
        "the task failed",
        null);
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot == null");
  }

  /** The vendor's last word on the task. */
  public TaskSnapshot snapshot() {
    return snapshot;
  }

  @Override
  public FailureKind kind() {
    return FailureKind.TASK_FAILED;
  }
}
