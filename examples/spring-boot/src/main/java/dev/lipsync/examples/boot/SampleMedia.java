package dev.lipsync.examples.boot;

import org.jspecify.annotations.Nullable;

/**
 * The video and audio a job uses when its request names none: the simulators' own, or none where the
 * application talks to real vendors (a request must then name both).
 *
 * @param videoUrl a video with faces, or null
 * @param audioUrl an audio file, or null
 */
public record SampleMedia(@Nullable String videoUrl, @Nullable String audioUrl) {

  /** No sample: every request names its media. */
  public static SampleMedia none() {
    return new SampleMedia(null, null);
  }
}
