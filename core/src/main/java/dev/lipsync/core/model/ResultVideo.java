package dev.lipsync.core.model;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A finished video. Vendors delete result files after a while (Kling 30 days, apimodels 7 days):
 * download what you keep.
 *
 * @param url where to download it
 * @param duration its length, or null when the vendor does not say
 * @param id the vendor's id for the video, or null
 * @param watermarkUrl where the same video with the vendor's watermark is, when the job asked for one
 *     ({@link LipSyncJob#watermark()}) and the vendor made it; else null
 */
public record ResultVideo(URI url, @Nullable Duration duration, @Nullable String id, @Nullable URI watermarkUrl) {

  public ResultVideo {
    Objects.requireNonNull(url, "url == null");
  }

  /** A video without a watermarked copy. */
  public ResultVideo(URI url, @Nullable Duration duration, @Nullable String id) {
    this(url, duration, id, null);
  }

  /** A video known only by its URL. */
  public static ResultVideo of(URI url) {
    return new ResultVideo(url, null, null, null);
  }
}
