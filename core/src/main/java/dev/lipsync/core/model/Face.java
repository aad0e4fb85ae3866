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

  /** Starts a face with this id; everything else is optional. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Whether both ends of the face's time window are known. */
  public boolean hasTimes() {
    return startMs != null && endMs != null;
  }

  /** How long the face is on screen, or -1 when the vendor gave no times. */
  public long onScreenMs() {
    return hasTimes() ? Math.max(0, endMs - startMs) : -1;
  }

  /** Builds a {@link Face}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private @Nullable Long startMs;
    private @Nullable Long endMs;
    private @Nullable URI imageUrl;
    private @Nullable BoundingBox box;

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id == null");
    }

    /** When the face appears and leaves, in milliseconds from the start of the video. */
    public Builder times(long startMs, long endMs) {
      this.startMs = startMs;
      this.endMs = endMs;
      return this;
    }

    public Builder imageUrl(@Nullable URI imageUrl) {
      this.imageUrl = imageUrl;
      return this;
    }

    public Builder box(@Nullable BoundingBox box) {
      this.box = box;
      return this;
    }

    public Face build() {
      return new Face(id, startMs, endMs, imageUrl, box);
    }
  }
}
