package dev.lipsync.kling;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The wire shapes of {@code POST /v1/videos/identify-face}. */
final class IdentifyWire {
  private IdentifyWire() {}

  /** Exactly one of the two is set. */
  static final class Request {
    @Nullable String video_url;
    @Nullable String video_id;
  }

  /** {@code data} of the answer. */
  static final class Session {
    @Nullable String session_id;
    @Nullable List<FaceData> face_data;
    /** What the identification cost in Kling's units, a string ({@code "0.2"}); a number is read too. */
    @Nullable String final_unit_deduction;
  }

  /** One face found; times in milliseconds from the start of the video. */
  static final class FaceData {
    @Nullable String face_id;
    @Nullable String face_image;
    @Nullable Long start_time;
    @Nullable Long end_time;
  }
}
