package dev.lipsync.apimodels;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What creates a lip-sync task, before it has names: {@link RequestJson} writes it with a variant's.
 *
 * @param callbackUrl left out when null
 */
record LipSyncRequest(String sessionId, List<ChosenFace> faces, @Nullable String callbackUrl) {
  LipSyncRequest {
    faces = List.copyOf(faces);
  }

  /**
   * One face and what it says; times in milliseconds, always sent (Kling, to which apimodels forwards
   * the faces, requires them).
   *
   * @param soundVolume left out when null
   * @param originalAudioVolume left out when null
   */
  record ChosenFace(
      String faceId,
      String soundFile,
      long soundStartTime,
      long soundEndTime,
      long soundInsertTime,
      @Nullable Double soundVolume,
      @Nullable Double originalAudioVolume) {}
}
