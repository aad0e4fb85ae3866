package dev.lipsync.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The faces a {@link FaceSelector} chose in one session, and the rule it applied. The rule says in words
 * how the choice was made, so that a result can tell when a vendor's data forced a fallback (for example
 * "3rd face in the vendor's list (the vendor gave no times)").
 */
public record FaceChoice(List<Face> faces, String rule) {

  public FaceChoice {
    faces = List.copyOf(faces);
    Objects.requireNonNull(rule, "rule == null");
    if (faces.isEmpty()) {
      throw new IllegalArgumentException("a choice holds at least one face");
    }
  }
}
