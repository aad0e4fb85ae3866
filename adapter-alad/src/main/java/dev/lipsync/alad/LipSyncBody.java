package dev.lipsync.alad;

import org.jspecify.annotations.Nullable;

/**
 * The advanced-lip-sync request: everything inside {@code input}. Either the text fields or {@code
 * audio_url} are set; unset fields are not written.
 */
final class LipSyncBody {
  Input input = new Input();

  static final class Input {
    @Nullable String session_id;
    @Nullable String face_image_url;
    @Nullable String text;
    @Nullable String voice_id;
    @Nullable String voice_language;
    @Nullable String audio_url;
  }
}
