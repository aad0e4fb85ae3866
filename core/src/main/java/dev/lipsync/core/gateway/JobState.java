package dev.lipsync.core.gateway;

/** Where a job stands, as its {@link JobHandle} reports it. */
public enum JobState {
  /** Choosing a vendor, or identifying the faces at one. */
  IDENTIFYING,
  /** Submitting the paid task. */
  SUBMITTING,
  /** The task is at the vendor; the gateway tracks it. */
  RUNNING,
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
