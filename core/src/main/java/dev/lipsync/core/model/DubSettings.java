package dev.lipsync.core.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a dub asks of a vendor beyond the face: the audio and how it is mixed in. Shared by a job's
 * {@link Dub} and by a dub resolved in a vendor's session, so capabilities are checked the same way
 * before routing and before sending.
 */
public interface DubSettings {

  /** What the face says. */
  AudioSource audio();

  /** The part of the audio to use, or null for all of it. */
  @Nullable AudioClip clip();

  /** Where in the video the audio starts, or null for the vendor's default. */
  @Nullable Long insertAtMs();

  /** The new audio's volume, or null for the default. */
  @Nullable Double volume();

  /** The original soundtrack's volume, or null for the default. */
  @Nullable Double originalVolume();

  /**
   * How long the audio file lasts, when known: measured by the gateway before anything is paid, or
   * given by the application. Null for speech and for audio whose length is not known.
   */
  @Nullable Duration audioLength();

  /**
   * The clip to send to a vendor that requires one (Kling's {@code face_choose} marks the times
   * required): the dub's own clip; else the whole audio, cut to the {@value AudioClip#MAX_MS} ms a
   * vendor takes, when its length is known; else null.
   */
  default @Nullable AudioClip clipOrDefault() {
    AudioClip clip = clip();
    if (clip != null) {
      return clip;
    }
    Duration length = audioLength();
    return length == null ? null : new AudioClip(0, Math.min(length.toMillis(), AudioClip.MAX_MS));
  }

  /** Whether a volume is set. */
  default boolean hasMixSettings() {
    return volume() != null || originalVolume() != null;
  }
}
