package dev.lipsync.apimodels;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result object a task carries as a JSON string: a lip-sync task's {@code {"resultUrls": [...],
 * "videoDuration": 8}}; an identify task's session and faces, in the variant of the vendor's localized
 * (ru) page, either as the object's own fields or under {@code faceData}.
 */
final class ResultJson extends FaceData {
  /** An identify result nested in the result object. */
  @Nullable FaceData faceData;

  @Nullable List<String> resultUrls;
  @Nullable List<String> result_urls;
  /** Seconds; present on some upstream branches only. */
  @Nullable Double videoDuration;
  @Nullable Double video_duration;
}
