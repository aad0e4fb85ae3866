package dev.lipsync.apimodels;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A finished identification: {@code faceData.session_id} and {@code faceData.face_list[]}. Not final:
 * {@link ResultJson} is one too, where a variant of the vendor puts the identify result.
 */
class FaceData {
  @Nullable String session_id;
  @Nullable String sessionId;
  @Nullable List<FaceItem> face_list;
  @Nullable List<FaceItem> faceList;
  /** Upstream Kling's name for the list. */
  @Nullable List<FaceItem> face_data;

  /** One face. apimodels documents the id and a thumbnail; upstream's times are read if present. */
  static final class FaceItem {
    @Nullable String face_id;
    @Nullable String faceId;
    @Nullable String face_reference;
    @Nullable String faceReference;
    /** Upstream Kling's name for the thumbnail. */
    @Nullable String face_image;
    @Nullable Long start_time;
    @Nullable Long end_time;
  }
}
