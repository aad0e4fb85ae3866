package dev.lipsync.kling;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The wire shapes of {@code POST /v1/audio/tts}, Kling's text to speech, as the project's vendor reference
 * ("Kling direct") quotes Kling's documentation: answered at once, the audio in {@code
 * data.task_result.audios[]}.
 */
final class SpeechWire {
  private SpeechWire() {}

  static final class Request {
    @Nullable String text;
    @Nullable String voice_id;
    /** {@code zh} or {@code en}. */
    @Nullable String voice_language;
    /** 0.8–2.0; 1 is normal. */
    @Nullable Double voice_speed;
  }

  /** {@code data} of the answer: a task object that has ended already. */
  static final class Task {
    @Nullable String task_id;
    @Nullable String task_status;
    @Nullable String task_status_msg;
    @Nullable Result task_result;
    /** What the speech cost in Kling's units, a string; a number is read too. */
    @Nullable String final_unit_deduction;
  }

  static final class Result {
    @Nullable List<Audio> audios;
  }

  static final class Audio {
    /** What {@code face_choose[].audio_id} takes; kept 30 days. */
    @Nullable String id;
    @Nullable String url;
    /** Seconds, as a string ({@code "3.2"}) or a number. */
    @Nullable String duration;
  }
}
