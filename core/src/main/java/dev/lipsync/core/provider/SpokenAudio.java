package dev.lipsync.core.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Text a vendor spoke with one of its voices ({@link LipSyncProvider#speak}): the audio, by the id its
 * lip-sync takes ({@code face_choose[].audio_id} at Kling), and how long it lasts.
 *
 * @param audioId the vendor's id of the audio (Kling keeps it 30 days)
 * @param length how long the audio lasts: the clip the lip-sync is sent with
 * @param billedUnits what the vendor says the speech cost, in its own units, or null
 */
public record SpokenAudio(String audioId, Duration length, @Nullable BigDecimal billedUnits) {

  public SpokenAudio {
    Objects.requireNonNull(audioId, "audioId == null");
    Objects.requireNonNull(length, "length == null");
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("length: " + length + " must be positive");
    }
  }
}
