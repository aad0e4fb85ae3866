package dev.lipsync.cometapi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The wire shapes of {@code POST /kling/v1/videos/identify-face}. */
final class IdentifyWire {
  private IdentifyWire() {}

  /** Exactly one of the two is set. */
  static final class Request {
    @Nullable String video_url;
    @Nullable String video_id;
  }

  /** {@code data} of the answer: the faces in {@code face_data} (upstream), or {@code face_list} (a relay). */
  static final class Session {
    @Nullable String session_id;
    @Nullable List<FaceData> face_data;
    @Nullable List<FaceData> face_list;
    /** What the identification cost in Kling's units, a string ({@code "0.2"}). */
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
