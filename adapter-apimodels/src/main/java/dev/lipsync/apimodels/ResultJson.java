package dev.lipsync.apimodels;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The result object a callback carries as a JSON string: {@code {"resultUrls": [...], "videoDuration": 8}}. */
final class ResultJson {
  @Nullable List<String> resultUrls;
  @Nullable List<String> result_urls;
  /** Seconds; present on some upstream branches only. */
  @Nullable Double videoDuration;
  @Nullable Double video_duration;
}
