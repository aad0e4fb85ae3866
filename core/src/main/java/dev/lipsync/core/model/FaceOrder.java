package dev.lipsync.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A session's faces in order of appearance, or in the vendor's order when it gave no times.
 *
 * @param exact whether the order is certain: the vendor gave times, or there is at most one face
 */
record FaceOrder(List<Face> faces, String rule, boolean exact) {
  /** The rule of a choice in a session of one face without times: no times are needed to find it. */
  static final String ONLY_FACE = "the only face in the vendor's list";

  static FaceOrder byAppearance(FaceSession session) {
    List<Face> faces = new ArrayList<>(session.faces());
    if (faces.stream().allMatch(Face::hasTimes)) {
      // A stable sort: faces appearing at the same moment keep the vendor's order.
      faces.sort(Comparator.comparingLong(Face::startMs));
      return new FaceOrder(List.copyOf(faces), "by order of appearance", true);
    }
    if (faces.size() <= 1) {
      // One face needs no times to be first, or longest, or the one on screen.
      return new FaceOrder(List.copyOf(faces), "in the vendor's list (the only face there)", true);
    }
    return new FaceOrder(List.copyOf(faces), "in the vendor's list (the vendor gave no times)", false);
  }

  /** {@link FaceChoice.Precision#EXACT} when the order is certain, else approximate. */
  FaceChoice.Precision precision() {
    return exact ? FaceChoice.Precision.EXACT : FaceChoice.Precision.APPROXIMATE;
  }
}
