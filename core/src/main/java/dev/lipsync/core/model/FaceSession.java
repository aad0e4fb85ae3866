package dev.lipsync.core.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of face identification: a session at one vendor and the faces it found. A session is
 * bound to the vendor that made it; another vendor must identify the faces again.
 *
 * @param vendor the id of the vendor that made the session
 * @param sessionId the vendor's session id (documented as valid for 24 hours)
 * @param video the video the faces were found in
 * @param faces the faces in the vendor's order
 * @param billedUnits what the vendor says the identification cost, in its own units (Kling's {@code
 *     final_unit_deduction}), or null when it does not say
 */
public record FaceSession(
    String vendor, String sessionId, VideoSource video, List<Face> faces, @Nullable BigDecimal billedUnits) {

  public FaceSession {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(sessionId, "sessionId == null");
    Objects.requireNonNull(video, "video == null");
    faces = List.copyOf(faces);
  }

  /** A session whose vendor does not say what the identification cost. */
  public FaceSession(String vendor, String sessionId, VideoSource video, List<Face> faces) {
    this(vendor, sessionId, video, faces, null);
  }

  /**
   * The faces in order of appearance, the order {@link FaceSelector#nthByAppearance} counts in; in the
   * vendor's order when the vendor gave no times.
   */
  public List<Face> facesByAppearance() {
    return FaceOrder.byAppearance(this).faces();
  }
}
