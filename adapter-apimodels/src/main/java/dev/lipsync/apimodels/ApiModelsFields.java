package dev.lipsync.apimodels;

import dev.lipsync.apimodels.ApiModelsProvider.Variant;

/**
 * Every name apimodels' requests use, one row per name and one column per {@linkplain Variant variant}
 * of its API, so that a name is decided in this table and nowhere else; {@link #of(Variant)} reads a
 * cell. Should the vendor turn out to want other names, this table is the only thing to change.
 *
 * <p>The standard column: the en/zh page documents the path, {@code model}, {@code video_url} and the
 * {@code task_id} query; for the lip-sync request it names no fields, so the rest are upstream Kling's
 * names, the best reading, as the vendor forwards {@code face_choose} to Kling as it is.
 *
 * <p>The localized column: the ru page documents the path {@code api/v1/video/generations}, the model
 * {@code kling-lip-sync-video} and the camelCase fields {@code sessionId}, {@code faceId}, {@code
 * audioId} and {@code audioUrl}. The fields it does not name are inferred: the camelCase of the
 * standard column's name, written the same way for all of them. Its text-to-speech model, {@code
 * kling-lip-sync-tts}, has no row: the adapter speaks no text, and sends no Kling audio id either.
 */
enum ApiModelsFields {
  //                    standard (en/zh page, upstream)   localized (ru page)
  /** The one endpoint, for creating tasks (POST) and asking about them (GET); relative to the base URL. */
  PATH(                 "api/v1/audio/generations",      "api/v1/video/generations"),
  /**
   * The query parameter naming the task of a status query. Inferred for the localized variant: the ru
   * page's camelCase is that of the body, and nothing says the en page's query changed.
   */
  TASK_ID(              "task_id",                       "task_id"),

  /** Chooses what a created task does; the same word in both variants. */
  MODEL(                "model",                         "model"),
  /**
   * The model of an identify task. The ru page shows identify results (inside {@code resultJson}) but
   * names no identify model, so the localized variant keeps the en page's.
   */
  IDENTIFY_MODEL(       "kling-identify-face",           "kling-identify-face"),
  /** The model of a lip-sync task. */
  LIP_SYNC_MODEL(       "kling-advanced-lip-sync",       "kling-lip-sync-video"),

  /** The identify request's video; inferred for the localized variant. */
  VIDEO_URL(            "video_url",                     "videoUrl"),

  SESSION_ID(           "session_id",                    "sessionId"),
  /** The list of faces and what each says; inferred for the localized variant. */
  FACE_CHOOSE(          "face_choose",                   "faceChoose"),
  FACE_ID(              "face_id",                       "faceId"),
  /** The audio, by URL: upstream's {@code sound_file}, the ru page's {@code audioUrl}. */
  SOUND_FILE(           "sound_file",                    "audioUrl"),
  /** The clip's start in the audio, ms; inferred for the localized variant, like the four below. */
  SOUND_START_TIME(     "sound_start_time",              "soundStartTime"),
  SOUND_END_TIME(       "sound_end_time",                "soundEndTime"),
  SOUND_INSERT_TIME(    "sound_insert_time",             "soundInsertTime"),
  SOUND_VOLUME(         "sound_volume",                  "soundVolume"),
  ORIGINAL_AUDIO_VOLUME("original_audio_volume",         "originalAudioVolume"),
  /** Where the vendor posts the task's end; inferred for the localized variant. */
  CALLBACK_URL(         "callback_url",                  "callbackUrl");

  private final String standard;
  private final String localized;

  ApiModelsFields(String standard, String localized) {
    this.standard = standard;
    this.localized = localized;
  }

  /** This name as {@code variant} writes it. */
  String of(Variant variant) {
    return switch (variant) {
      case STANDARD -> standard;
      case LOCALIZED -> localized;
    };
  }
}
