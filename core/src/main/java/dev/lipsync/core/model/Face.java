package dev.lipsync.core.model;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One face a vendor found in a video. Only the id is sure to be there; what else a vendor reports
 * differs (times at Kling and CometAPI, a thumbnail at apimodels, a bounding box at alad).
 *
 * @param id the vendor's face id, valid only in its session
 * @param startMs when the face appears, in milliseconds from the start of the video, or null
 * @param endMs when it leaves, or null
 * @param imageUrl a thumbnail of the face, or null
 * @param box where the face is, or null
 */
public record Face(
    String id,
    @Nullable Long startMs,
    @Nullable Long endMs,
    @Nullable URI imageUrl,
    @Nullable BoundingBox box) {

  public Face {
    Objects.requireNonNull(id, "id == null");
  }

  /** A face known only by its id. */
  public static Face of(String id) {
    return new Face(id, null, null, null, null);
  }

  /** Whether both ends of the face's time window are known. */
  public boolean hasTimes() {
    return startMs != null && endMs != null;
  }

  /** How long the face is on screen, or -1 when the vendor gave no times. */
  public long onScreenMs() {
    return hasTimes() ? Math.max(0, endMs - startMs) : -1;
  }
}
