package dev.lipsync.core.gateway;

/** Where a job stands, as its {@link JobHandle} reports it. */
public enum JobState {
  /** Choosing a vendor, or identifying the faces at one. */
  IDENTIFYING,
  /** Submitting the paid task. */
  SUBMITTING,
  /** The task is at the vendor; the gateway tracks it. */
  RUNNING,
  /**
   * Only in a job store that outlives the gateway: the job's deadline passed after its task was paid
   * for, so its handle failed with {@code DeadlineExceededException}, but the task is still followed,
   * sparsely, until it ends at the vendor (or its results would be deleted), so that a late video is
   * kept. Not an end: the record moves on to {@link #SUCCEEDED} or {@link #FAILED}.
   */
  OVERDUE,
  /** The video is ready. */
  SUCCEEDED,
  /** The job ended without a video. */
  FAILED,
  /** The application cancelled the job. */
  CANCELLED;

  /** Whether the job has ended. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
