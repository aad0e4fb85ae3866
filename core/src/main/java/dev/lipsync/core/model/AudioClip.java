package dev.lipsync.core.model;

/**
 * The part of an audio file to use, in milliseconds from the start of the audio. Vendors require the
 * part to last 2 to 60 seconds; that is checked when the job is built.
 */
public record AudioClip(long startMs, long endMs) {

  /** The clip's length in milliseconds. */
  public long lengthMs() {
    return endMs - startMs;
  }
}
