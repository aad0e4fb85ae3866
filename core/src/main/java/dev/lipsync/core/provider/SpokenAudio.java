package dev.lipsync.core.provider;

import dev.lipsync.core.model.AudioSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Text a vendor spoke with one of its voices ({@link LipSyncProvider#speak}): the audio as the vendor's
 * lip-sync takes it, how long it lasts, and what it cost.
 *
 * <p>Vendors hand spoken audio back in one of two ways, and the gateway submits whichever it got: by
 * the id the vendor keeps it under ({@link #byId}; Kling's {@code face_choose[].audio_id}, kept 30
 * days), or as a file at a URL ({@link #atUrl}; sent as any audio URL is, Kling's {@code sound_file}).
 *
 * @param reference the vendor's name for this speech, which the job's attempts and events show: the
 *     audio's id, or the speech task's id where the audio has none
 * @param audio what the lip-sync is sent: a {@link AudioSource.VendorAudioId} or an {@link
 *     AudioSource.AudioUrl}
 * @param length how long the audio lasts: the clip the lip-sync is sent with
 * @param billedUnits what the vendor says the speech cost, in its own units, or null
 */
public record SpokenAudio(String reference, AudioSource audio, Duration length, @Nullable BigDecimal billedUnits) {

  public SpokenAudio {
    Objects.requireNonNull(reference, "reference == null");
    Objects.requireNonNull(audio, "audio == null");
    Objects.requireNonNull(length, "length == null");
    if (reference.isBlank()) {
      throw new IllegalArgumentException("reference is blank");
    }
    if (audio.kind() != AudioSource.AudioKind.VENDOR_AUDIO && audio.kind() != AudioSource.AudioKind.URL) {
      throw new IllegalArgumentException("audio: " + audio.kind()
          + " is no spoken audio: it is the vendor's audio id or a URL");
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("length: " + length + " must be positive");
    }
  }

  /** Audio the vendor keeps under {@code audioId}, which its lip-sync takes (Kling's {@code audio_id}). */
  public static SpokenAudio byId(String audioId, Duration length, @Nullable BigDecimal billedUnits) {
    return new SpokenAudio(audioId, AudioSource.vendorAudio(audioId), length, billedUnits);
  }

  /**
   * Audio the vendor made as a file at {@code url}, with no id of its own: named by the speech task
   * {@code taskId}, sent to the lip-sync as an audio URL.
   *
   * @throws dev.lipsync.core.error.InvalidRequestException if {@code url} is not an http(s) URL
   */
  public static SpokenAudio atUrl(String taskId, String url, Duration length, @Nullable BigDecimal billedUnits) {
    return new SpokenAudio(taskId, AudioSource.url(url), length, billedUnits);
  }

  /** Where the audio is, as a job's events say it: {@code audio <id>} or {@code audio at <url>}. */
  public String described() {
    return audio instanceof AudioSource.AudioUrl url ? "audio at " + url.url() : "audio " + reference;
  }
}
