package dev.lipsync.core.provider;

import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.DubSettings;
import dev.lipsync.core.model.Face;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Dub} whose face selector was resolved in a vendor's session: the face is that vendor's.
 * Unset settings are null and are not sent.
 */
public record ResolvedDub(
    Face face,
    AudioSource audio,
    @Nullable AudioClip clip,
    @Nullable Long insertAtMs,
    @Nullable Double volume,
    @Nullable Double originalVolume,
    @Nullable Duration audioLength) implements DubSettings {

  public ResolvedDub {
    Objects.requireNonNull(face, "face == null");
    Objects.requireNonNull(audio, "audio == null");
  }

  /** A dub whose audio's length is not known. */
  public ResolvedDub(
      Face face,
      AudioSource audio,
      @Nullable AudioClip clip,
      @Nullable Long insertAtMs,
      @Nullable Double volume,
      @Nullable Double originalVolume) {
    this(face, audio, clip, insertAtMs, volume, originalVolume, null);
  }

  /**
   * Where in the video the audio starts, in milliseconds, for a vendor that requires it (Kling's
   * {@code sound_insert_time}): the job's insert time; else when the chosen face first appears, where
   * the session says; else 0, the start of the video.
   */
  public long insertAtMsOrDefault() {
    if (insertAtMs != null) {
      return insertAtMs;
    }
    Long appears = face.startMs();
    return appears != null ? appears : 0L;
  }

  /**
   * The clip for a vendor that requires one ({@link Capabilities.Mode#clipRequired()}): {@link
   * #clipOrDefault()}, which such a mode has checked is known before anything was sent.
   *
   * @throws IllegalStateException if neither the clip nor the audio's length is known
   */
  public AudioClip requiredClip() {
    AudioClip clip = clipOrDefault();
    if (clip == null) {
      throw new IllegalStateException(
          "no clip and no audio length: a mode that requires the clip refuses this dub before sending");
    }
    return clip;
  }

  /** The dub's settings, for {@code face}. */
  public static ResolvedDub of(Dub dub, Face face) {
    return new ResolvedDub(
        face, dub.audio(), dub.clip(), dub.insertAtMs(), dub.volume(), dub.originalVolume(),
        dub.audioLength());
  }
}
