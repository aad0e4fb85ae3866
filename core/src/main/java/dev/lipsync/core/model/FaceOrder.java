package dev.lipsync.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A session's faces in order of appearance, or in the vendor's order when it gave no times. */
record FaceOrder(List<Face> faces, String rule) {

  static FaceOrder byAppearance(FaceSession session) {
    List<Face> faces = new ArrayList<>(session.faces());
    if (faces.stream().allMatch(Face::hasTimes)) {
      // A stable sort: faces appearing at the same moment keep the vendor's order.
      faces.sort(Comparator.comparingLong(Face::startMs));
      return new FaceOrder(List.copyOf(faces), "by order of appearance");
    }
    return new FaceOrder(List.copyOf(faces), "in the vendor's list (the vendor gave no times)");
  }
}
