package dev.lipsync.cometapi;

import org.jspecify.annotations.Nullable;

/** The request of the older {@code POST /kling/v1/videos/lip-sync}: everything inside {@code input}. */
final class LegacyWire {
  private LegacyWire() {}

  static final class Request {
    @Nullable Input input;
  }

  /**
   * A Kling video (its id and the id of the task that generated it, both required by this endpoint) and
   * either text the vendor speaks ({@code text2video}) or an audio file ({@code audio2video}).
   */
  static final class Input {
    @Nullable String task_id;
    @Nullable String video_id;
    @Nullable String mode;
    @Nullable String text;
    @Nullable String voice_id;
    @Nullable String voice_language;
    /** A string, as the page types it, e.g. {@code "1.5"}. */
    @Nullable String voice_speed;
    /** {@code url} or {@code file}. */
    @Nullable String audio_type;
    /** The file's bytes in Base64. */
    @Nullable String audio_file;
    @Nullable String audio_url;
  }
}
