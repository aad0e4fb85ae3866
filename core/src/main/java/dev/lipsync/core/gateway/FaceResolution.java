package dev.lipsync.core.gateway;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceChoice;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job's dubs resolved in one vendor's session: each selector's faces, and the rule each applied. A
 * session never travels, so each vendor the job reaches resolves the selectors again in its own; a
 * picture of a chosen face does travel, to a vendor that takes pictures instead of face ids.
 *
 * @param choices for each dub of the job, in order, what its selector chose
 * @param pictures for each dub (by index) whose selector chose one face that this session shows a
 *     picture of: that picture, for the vendors the job may reach next
 */
record FaceResolution(List<Choice> choices, Map<Integer, Picture> pictures) {

  /** Nothing resolved: a task taken up by {@code resume}. */
  static final FaceResolution NONE = new FaceResolution(List.of(), Map.of());

  FaceResolution {
    choices = List.copyOf(choices);
    pictures = Map.copyOf(pictures);
  }

  /**
   * What one dub's selector chose.
   *
   * @param dub the job's dub
   * @param faces the faces it chose, in the session's terms (a face may carry a picture from elsewhere)
   * @param rule how they were chosen, in words, for the result
   */
  record Choice(Dub dub, List<Face> faces, String rule) {
    Choice {
      faces = List.copyOf(faces);
    }
  }

  /**
   * A picture of the face a dub's selector chose in one vendor's session.
   *
   * @param url the picture
   * @param vendor the vendor whose session showed it
   * @param rule the rule that chose the face there
   */
  record Picture(URI url, String vendor, String rule) {
    Picture {
      Objects.requireNonNull(url, "url == null");
    }
  }

  /**
   * Resolves every dub.
   *
   * @param seen for each dub (by index), a picture of its face from a session seen earlier in the job
   * @param takesPictures whether the vendor tells faces by their picture, so that a face its session
   *     shows no picture of is given the one seen earlier
   * @throws dev.lipsync.core.error.ContentRejectedException if a selector finds no face
   * @throws InvalidRequestException if two dubs land on the same face
   */
  static FaceResolution of(List<Dub> dubs, FaceSession session, Map<Integer, Picture> seen, boolean takesPictures) {
    List<Choice> choices = new ArrayList<>();
    Map<Integer, Picture> pictures = new HashMap<>();
    Map<String, Integer> dubOfFace = new HashMap<>();
    for (int i = 0; i < dubs.size(); i++) {
      Dub dub = dubs.get(i);
      FaceChoice choice = dub.face().resolve(session);
      for (Face face : choice.faces()) {
        Integer earlier = dubOfFace.putIfAbsent(face.id(), i);
        if (earlier != null) {
          throw new InvalidRequestException(new Violation("dub[" + i + "].face", String.valueOf(dub.face()),
              "chooses the face dub[" + earlier + "] chose (" + face.id() + " at " + session.vendor()
                  + "); each face takes exactly one audio source"));
        }
      }
      Face only = choice.faces().size() == 1 ? choice.faces().get(0) : null;
      Picture earlierPicture = seen.get(i);
      if (only != null && only.imageUrl() != null) {
        pictures.put(i, new Picture(only.imageUrl(), session.vendor(), choice.rule()));
        choices.add(new Choice(dub, choice.faces(), choice.rule()));
      } else if (only != null && takesPictures && earlierPicture != null) {
        // The picture is what this vendor matches, so the rule that chose it is the one that counts.
        Face pictured = new Face(only.id(), only.startMs(), only.endMs(), earlierPicture.url(), only.box());
        choices.add(new Choice(dub, List.of(pictured),
            earlierPicture.rule() + ", by its picture from " + earlierPicture.vendor() + "'s session"));
      } else {
        choices.add(new Choice(dub, choice.faces(), choice.rule()));
      }
    }
    return new FaceResolution(choices, pictures);
  }

  /** The dubs with the vendor's faces, a dub choosing several faces once per face. */
  List<ResolvedDub> dubs() {
    return choices.stream().flatMap(c -> c.faces().stream().map(f -> ResolvedDub.of(c.dub(), f))).toList();
  }

  /** For each dub of the job, the rule its selector applied. */
  List<String> rules() {
    return choices.stream().map(Choice::rule).toList();
  }

  /** The submit of {@code job} for these dubs, each with the selector that chose its face. */
  SubmitRequest request(FaceSession session, LipSyncJob job) {
    List<FaceSelector> selectors = choices.stream()
        .flatMap(c -> c.faces().stream().map(f -> c.dub().face()))
        .toList();
    return new SubmitRequest(
        session, dubs(), selectors, job.callbackUrl(), job.idempotencyKey(), job.watermark());
  }

  /**
   * The same choices as {@code mode} serves them: where it leaves the face to the vendor ({@link
   * Capabilities.Mode#leavesFaceToVendor}), the rule says so instead of naming a face the vendor is not
   * told.
   */
  FaceResolution servedBy(Capabilities.Mode mode, FaceSession session) {
    List<Choice> served = new ArrayList<>();
    for (Choice choice : choices) {
      boolean vendorChooses = choice.faces().size() == 1
          && mode.leavesFaceToVendor(session, choice.dub().face(), choice.faces().get(0));
      served.add(vendorChooses
          ? new Choice(choice.dub(), choice.faces(), session.vendor() + " chooses the face: it takes no face id")
          : choice);
    }
    return new FaceResolution(served, pictures);
  }
}
