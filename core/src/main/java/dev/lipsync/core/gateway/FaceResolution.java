package dev.lipsync.core.gateway;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceChoice;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.provider.ResolvedDub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's dubs resolved in one vendor's session: each selector's faces, and the rule each applied. A
 * session never travels, so each vendor the job reaches resolves the selectors again in its own.
 *
 * @param dubs the dubs with the vendor's faces
 * @param rules for each dub of the job, the rule its selector applied
 */
record FaceResolution(List<ResolvedDub> dubs, List<String> rules) {

  /**
   * Resolves every dub.
   *
   * @throws dev.lipsync.core.error.ContentRejectedException if a selector finds no face
   * @throws InvalidRequestException if two dubs land on the same face
   */
  static FaceResolution of(List<Dub> dubs, FaceSession session) {
    List<ResolvedDub> resolved = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    Map<String, Integer> dubOfFace = new HashMap<>();
    for (int i = 0; i < dubs.size(); i++) {
      Dub dub = dubs.get(i);
      FaceChoice choice = dub.face().resolve(session);
      rules.add(choice.rule());
      for (Face face : choice.faces()) {
        Integer earlier = dubOfFace.putIfAbsent(face.id(), i);
        if (earlier != null) {
          throw new InvalidRequestException(new Violation("dub[" + i + "].face", String.valueOf(dub.face()),
              "chooses the face dub[" + earlier + "] chose (" + face.id() + " at " + session.vendor()
                  + "); each face takes exactly one audio source"));
        }
        resolved.add(ResolvedDub.of(dub, face));
      }
    }
    return new FaceResolution(resolved, rules);
  }
}
