package dev.lipsync.core.model;

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

  /** Whether a volume is set. */
  default boolean hasMixSettings() {
    return volume() != null || originalVolume() != null;
  }
}
