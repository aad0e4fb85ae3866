package dev.lipsync.alad;

import org.jspecify.annotations.Nullable;

/** The identify-face request: exactly one of the two fields is set (nulls are not written). */
final class IdentifyBody {
  @Nullable String video_url;
  @Nullable String video_id;
}
