package dev.lipsync.core.model;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One face's new speech: which face, what it says, and how the sound is mixed in.
 *
 * <p>Settings left unset (clip, insert time, volumes) are not sent, and the vendor's defaults apply
 * (the whole audio, inserted at 0 ms, both volumes at 1). Where a vendor requires them (Kling's
 * {@code face_choose} marks the clip's times required), the gateway sends the whole audio, up to 60 s,
 * as the clip, having measured the audio before anything is paid; see {@link #audioLength}. A setting that is set is honoured or the job
 * goes to a vendor that honours it: a vendor without volume control never receives a dub with a volume.
 *
 * <pre>{@code
 * Dub dub = Dub.builder()
 *     .face(FaceSelector.nthByAppearance(2))
 *     .audio(AudioSource.url("https://example.com/line.mp3"))
 *     .clip(0, 4_000)
 *     .insertAtMs(1_500)
 *     .originalVolume(0.2)
 *     .build();
 * }</pre>
 *
 * @param face which face speaks; {@link FaceSelector#unnamed()} (the first to appear, or the vendor's
 *     choice where it cannot be told) by default
 * @param audio what it says
 * @param clip the part of the audio to use, or null for all of it
 * @param insertAtMs where in the video the audio starts, or null for the vendor's default (0)
 * @param volume the new audio's volume, 0–2, or null for the default (1)
 * @param originalVolume the original soundtrack's volume, 0–2, or null for the default (1)
 * @param audioLength how long the audio file lasts, or null when not known; the gateway measures it
 *     where a vendor needs it, so an application sets it only to save that work
 */
public record Dub(
    FaceSelector face,
    AudioSource audio,
    @Nullable AudioClip clip,
    @Nullable Long insertAtMs,
    @Nullable Double volume,
    @Nullable Double originalVolume,
    @Nullable Duration audioLength) implements DubSettings {

  public Dub {
    Objects.requireNonNull(face, "face == null");
    Objects.requireNonNull(audio, "audio == null");
  }

  /**
   * The face that the default selector {@link FaceSelector#unnamed()} finds says {@code audio}, with
   * every other setting at the vendor's default.
   */
  public static Dub of(AudioSource audio) {
    return new Dub(FaceSelector.unnamed(), audio, null, null, null, null, null);
  }

  /** This dub with its audio's length known; checked with the job, like every other setting. */
  public Dub withAudioLength(Duration audioLength) {
    Objects.requireNonNull(audioLength, "audioLength == null");
    return new Dub(face, audio, clip, insertAtMs, volume, originalVolume, audioLength);
  }

  /** Starts a dub; {@link Builder#audio} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Dub}. Not thread-safe. */
  public static final class Builder {
    private FaceSelector face = FaceSelector.unnamed();
    private @Nullable AudioSource audio;
    private @Nullable AudioClip clip;
    private @Nullable Long insertAtMs;
    private @Nullable Double volume;
    private @Nullable Double originalVolume;
    private @Nullable Duration audioLength;

    private Builder() {}

    public Builder face(FaceSelector face) {
      this.face = Objects.requireNonNull(face, "face == null");
      return this;
    }

    public Builder audio(AudioSource audio) {
      this.audio = Objects.requireNonNull(audio, "audio == null");
      return this;
    }

    /** Uses the audio from {@code startMs} to {@code endMs}. */
    public Builder clip(long startMs, long endMs) {
      this.clip = new AudioClip(startMs, endMs);
      return this;
    }

    public Builder insertAtMs(long insertAtMs) {
      this.insertAtMs = insertAtMs;
      return this;
    }

    public Builder volume(double volume) {
      this.volume = volume;
      return this;
    }

    public Builder originalVolume(double originalVolume) {
      this.originalVolume = originalVolume;
      return this;
    }

    /** How long the audio lasts, when the application knows; the gateway then need not measure it. */
    public Builder audioLength(Duration audioLength) {
      this.audioLength = Objects.requireNonNull(audioLength, "audioLength == null");
      return this;
    }

    /**
     * Builds the dub. Its limits are checked with the job it belongs to, where the message can name the
     * dub's place.
     *
     * @throws IllegalStateException if no audio was given
     */
    public Dub build() {
      if (audio == null) {
        throw new IllegalStateException("Audio required: call audio(...) before build().");
      }
      return new Dub(face, audio, clip, insertAtMs, volume, originalVolume, audioLength);
    }
  }
}
