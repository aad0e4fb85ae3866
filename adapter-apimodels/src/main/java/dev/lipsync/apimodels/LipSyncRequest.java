package dev.lipsync.apimodels;

import com.squareup.moshi.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body that creates a lip-sync task. Null fields are left out. */
final class LipSyncRequest {
  @Json(name = ApiModelsFields.MODEL)
  String model;

  @Json(name = ApiModelsFields.SESSION_ID)
  String sessionId;

  @Json(name = ApiModelsFields.FACE_CHOOSE)
  List<ChosenFace> faces;

  @Json(name = ApiModelsFields.CALLBACK_URL)
  @Nullable String callbackUrl;

  LipSyncRequest(String sessionId, List<ChosenFace> faces, @Nullable String callbackUrl) {
    this.model = ApiModelsFields.LIP_SYNC_MODEL;
    this.sessionId = sessionId;
    this.faces = List.copyOf(faces);
    this.callbackUrl = callbackUrl;
  }

  /** One face and what it says; times in milliseconds. */
  static final class ChosenFace {
    @Json(name = ApiModelsFields.FACE_ID)
    String faceId;

    @Json(name = ApiModelsFields.SOUND_FILE)
    String soundFile;

    @Json(name = ApiModelsFields.SOUND_START_TIME)
    @Nullable Long soundStartTime;

    @Json(name = ApiModelsFields.SOUND_END_TIME)
    @Nullable Long soundEndTime;

    @Json(name = ApiModelsFields.SOUND_INSERT_TIME)
    @Nullable Long soundInsertTime;

    @Json(name = ApiModelsFields.SOUND_VOLUME)
    @Nullable Double soundVolume;

    @Json(name = ApiModelsFields.ORIGINAL_AUDIO_VOLUME)
    @Nullable Double originalAudioVolume;

    ChosenFace(String faceId, String soundFile) {
      this.faceId = faceId;
      this.soundFile = soundFile;
    }
  }
}
