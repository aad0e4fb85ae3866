package dev.lipsync.core.gateway;

/**
 * Told of each {@link JobEvent} of a job. Called on the library's threads (the HTTP client's or the
 * scheduler's): keep it short, and do not block. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface JobListener {
  /** A listener that ignores every event. */
  JobListener NONE = event -> {};

  /** Told of one event. */
  void onEvent(JobEvent event);
}
