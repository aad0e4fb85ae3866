package dev.lipsync.kling;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The request of {@code POST /v1/videos/advanced-lip-sync}, as Kling's reference writes it. */
final class AdvancedWire {
  private AdvancedWire() {}

  static final class Request {
    @Nullable String session_id;
    @Nullable List<FaceChoose> face_choose;
    @Nullable String external_task_id;
    @Nullable String callback_url;
    /** Sent only when the job asks for a watermarked copy. */
    @Nullable WatermarkInfo watermark_info;
  }

  static final class WatermarkInfo {
    boolean enabled;
  }

  /**
   * One face and its audio: exactly one of {@code audio_id} and {@code sound_file}; the three times in
   * integer milliseconds, all required by Kling; the volumes 0–2.
   */
  static final class FaceChoose {
    @Nullable String face_id;
    @Nullable String audio_id;
    /** A public URL or the file's bytes in Base64. */
    @Nullable String sound_file;
    @Nullable Long sound_start_time;
    @Nullable Long sound_end_time;
    @Nullable Long sound_insert_time;
    @Nullable Double sound_volume;
    @Nullable Double original_audio_volume;
  }
}
