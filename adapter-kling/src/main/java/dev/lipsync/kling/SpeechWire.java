package dev.lipsync.kling;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The wire shapes of Kling's text to speech: {@code POST /v1/audio/tts} and its task query {@code GET
 * /v1/audio/tts/{task_id}}. The sources disagree on the answer, so both shapes are read (see {@link
 * KlingMapper#toCoreSpeech}): the project's vendor reference ("Kling direct") has it answered at once
 * with the audio in {@code task_result.audios[]}, each with an id; a copy of Kling's TTS page has a
 * task that may still be running, whose result is one {@code task_result.audio} with a URL and no id.
 */
final class SpeechWire {
  private SpeechWire() {}

  static final class Request {
    @Nullable String text;
    @Nullable String voice_id;
    /** {@code zh} or {@code en}. */
    @Nullable String voice_language;
    /**
     * 0.8–2.0; sent only when not 1, Kling's default. The reference names it {@code voice_speed}, as
     * does Kling's older lip-sync text mode; one copy of the TTS page says {@code speed}, so a speech
     * at normal speed is sent without either and reads the same whichever Kling takes.
     */
    @Nullable Double voice_speed;
  }

  /** {@code data} of either answer: the speech task, ended or not. */
  static final class Task {
    @Nullable String task_id;
    /** {@code submitted}, {@code processing}, {@code succeed} or {@code failed}, as the video tasks'. */
    @Nullable String task_status;
    @Nullable String task_status_msg;
    @Nullable Result task_result;
    /** What the speech cost in Kling's units, a string; a number is read too. */
    @Nullable String final_unit_deduction;
  }

  static final class Result {
    /** The reference's shape: the audio with the id the advanced lip-sync takes as {@code audio_id}. */
    @Nullable List<Audio> audios;
    /** The other shape: one audio, by URL (the lip-sync then takes it as {@code sound_file}). */
    @Nullable Audio audio;
  }

  static final class Audio {
    /** What {@code face_choose[].audio_id} takes; kept 30 days. Absent in the one-audio shape. */
    @Nullable String id;
    @Nullable String url;
    /** Seconds, as a string ({@code "3.2"}) or a number. */
    @Nullable String duration;
  }
}
