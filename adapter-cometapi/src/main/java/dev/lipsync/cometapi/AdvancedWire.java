package dev.lipsync.cometapi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The request of {@code POST /kling/v1/videos/advanced-lip-sync}. */
final class AdvancedWire {
  private AdvancedWire() {}

  static final class Request {
    @Nullable String session_id;
    @Nullable List<FaceChoose> face_choose;
    @Nullable String callback_url;
    @Nullable String external_task_id;
    /** Sent only when the job asks for a watermarked copy. */
    @Nullable WatermarkInfo watermark_info;
  }

  /**
   * One face and its audio. The times are milliseconds, written as {@link CometApiProvider.Times} says:
   * numbers, as Kling reads them, by default, or strings ({@code "2000"}) as CometAPI's page shows them.
   * The original soundtrack's volume goes under both names: CometAPI's page
   * alone calls it {@code original_sound_volume}, while Kling, to which CometAPI forwards the body, and
   * every other source call it {@code original_audio_volume}. Whichever name the hop that reads it
   * knows, it finds the same value; sent under one name only, muting the original track could silently
   * do nothing. Nothing the vendor sends back echoes these fields, so only the simulator has to read
   * the variants.
   */
  static final class WatermarkInfo {
    boolean enabled;
  }

  static final class FaceChoose {
    @Nullable String face_id;
    @Nullable String audio_id;
    /** A public URL or the file's bytes in Base64. */
    @Nullable String sound_file;
    /** A {@code Long} or a {@code String}, by {@link CometApiProvider.Times}. */
    @Nullable Object sound_start_time;
    @Nullable Object sound_end_time;
    @Nullable Object sound_insert_time;
    @Nullable Double sound_volume;
    @Nullable Double original_sound_volume;
    /** Upstream Kling's name for {@link #original_sound_volume}, sent with the same value. */
    @Nullable Double original_audio_volume;
  }
}
