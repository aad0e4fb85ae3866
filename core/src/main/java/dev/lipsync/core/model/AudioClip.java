package dev.lipsync.core.model;

/**
 * The part of an audio file to use, in milliseconds from the start of the audio. Vendors require the
 * part to last 2 to 60 seconds; that is checked when the job is built.
 */
public record AudioClip(long startMs, long endMs) {

  /** The shortest clip vendors take, in milliseconds. */
  public static final long MIN_MS = 2_000;

  /** The longest clip vendors take, in milliseconds. */
  public static final long MAX_MS = 60_000;

  /** The clip's length in milliseconds. */
  public long lengthMs() {
    return endMs - startMs;
  }
}
