package dev.lipsync.apimodels;

/**
 * Every name apimodels' requests use, in one place. The vendor's page documents only {@code model},
 * {@code video_url} and the {@code task_id} query; for the lip-sync request it names no fields, so these
 * are upstream Kling's names, the best reading (a localized copy of the docs spells some of them in
 * camelCase: {@code sessionId}, {@code faceId}, {@code audioUrl}). Should the vendor turn out to want
 * other names, this class is the only thing to change.
 */
final class ApiModelsFields {
  /** The one endpoint, for creating tasks (POST) and asking about them (GET). */
  static final String PATH = "api/v1/audio/generations";
  /** The query parameter naming the task of a status query. */
  static final String TASK_ID = "task_id";

  /** Chooses what a created task does. */
  static final String MODEL = "model";
  static final String IDENTIFY_MODEL = "kling-identify-face";
  static final String LIP_SYNC_MODEL = "kling-advanced-lip-sync";

  static final String VIDEO_URL = "video_url";

  static final String SESSION_ID = "session_id";
  static final String FACE_CHOOSE = "face_choose";
  static final String FACE_ID = "face_id";
  static final String SOUND_FILE = "sound_file";
  static final String SOUND_START_TIME = "sound_start_time";
  static final String SOUND_END_TIME = "sound_end_time";
  static final String SOUND_INSERT_TIME = "sound_insert_time";
  static final String SOUND_VOLUME = "sound_volume";
  static final String ORIGINAL_AUDIO_VOLUME = "original_audio_volume";
  static final String CALLBACK_URL = "callback_url";

  private ApiModelsFields() {}
}
