package dev.lipsync.core.model;

/**
 * Where a vendor's task stands. Every vendor's status words map onto these four; a word no mapping
 * knows counts as {@link #RUNNING} until the job's deadline.
 *
 * <p>States only move forward, in declaration order: a late {@code RUNNING} never replaces a {@code
 * SUCCEEDED}.
 */
public enum TaskState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED;

  /** Whether the task has ended, well or badly. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED;
  }

  /** Whether moving from this state to {@code next} is progress (or standing still). */
  public boolean canMoveTo(TaskState next) {
    if (isTerminal()) {
      return next == this;
    }
    return next.ordinal() >= ordinal();
  }
}
