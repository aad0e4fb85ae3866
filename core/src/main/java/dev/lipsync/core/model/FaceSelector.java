package dev.lipsync.core.model;

import dev.lipsync.core.error.ContentRejectedException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which face of a video a dub is for, said in a way that works at every vendor. Face ids are only valid
 * in the session that made them, so a job names faces by what is true of the video: the n-th face to
 * appear, the face on screen longest, the face on screen at a given time. The selector is resolved
 * against each vendor's session, so a job can move to another vendor and still animate the same person,
 * as far as that vendor's data allows:
 *
 * <ul>
 *   <li>with times (Kling, CometAPI) every rule is exact;
 *   <li>without times, "by appearance" falls back to the vendor's listing order, "longest" to the
 *       largest face in the picture (or the first listed), and "at time" to the first listed face. The
 *       {@link FaceChoice#rule()} says which rule was applied.
 * </ul>
 *
 * <pre>{@code
 * FaceSelector.nthByAppearance(2)   // the second person to appear
 * FaceSelector.longestOnScreen()    // the main character
 * FaceSelector.onScreenAt(4_500)    // whoever is on screen 4.5 s in
 * }</pre>
 *
 * <p>A dub that names no face carries {@link #unnamed()}: the first face to appear wherever the vendor
 * can be told which face to dub, and otherwise the vendor's own choice. Every other selector names a
 * face, and a vendor that cannot be told which face to dub serves it only when its session leaves no
 * doubt (see {@link dev.lipsync.core.provider.Capabilities.FaceChoosing}).
 */
public sealed interface FaceSelector
    permits FaceSelector.Unnamed,
        FaceSelector.NthByAppearance,
        FaceSelector.All,
        FaceSelector.LongestOnScreen,
        FaceSelector.OnScreenAt,
        FaceSelector.ById,
        FaceSelector.Matching {

  /**
   * Chooses faces in a session.
   *
   * @throws ContentRejectedException if the session has no face this selector accepts
   */
  FaceChoice resolve(FaceSession session);

  /** The {@code n}-th face to appear in the video, counting from 1. */
  static FaceSelector nthByAppearance(int n) {
    return new NthByAppearance(n);
  }

  /**
   * The first face to appear, named: a vendor that cannot be told which face to dub must know a
   * picture of it (or find only one face). A dub that does not care which face speaks leaves the
   * default, {@link #unnamed()}.
   */
  static FaceSelector first() {
    return new NthByAppearance(1);
  }

  /**
   * No face named: the default of {@link Dub}. Wherever the vendor can be told which face to dub, it
   * is the first face to appear, resolved exactly as {@code nthByAppearance(1)}, rule included. A vendor
   * that takes no face id (alad) may choose the face itself: the result's face rule then says so.
   */
  static FaceSelector unnamed() {
    return new Unnamed();
  }

  /** Every face in the video, each saying the same audio. */
  static FaceSelector all() {
    return new All();
  }

  /** The face on screen the longest. */
  static FaceSelector longestOnScreen() {
    return new LongestOnScreen();
  }

  /** The face on screen at {@code atMs} milliseconds into the video. */
  static FaceSelector onScreenAt(long atMs) {
    return new OnScreenAt(atMs);
  }

  /** The face with this id. Ids are valid only in their own session, so this selector does not travel. */
  static FaceSelector byId(String faceId) {
    return new ById(faceId);
  }

  /** The first face, in order of appearance, that the predicate accepts. */
  static FaceSelector matching(String description, Predicate<Face> predicate) {
    return new Matching(description, predicate);
  }

  /** See {@link #unnamed()}. */
  record Unnamed() implements FaceSelector {
    private static final NthByAppearance FIRST = new NthByAppearance(1);

    @Override
    public FaceChoice resolve(FaceSession session) {
      return FIRST.resolve(session);
    }
  }

  /** See {@link #nthByAppearance(int)}. */
  record NthByAppearance(int n) implements FaceSelector {
    @Override
    public FaceChoice resolve(FaceSession session) {
      FaceOrder ordered = FaceOrder.byAppearance(session);
      if (n < 1 || n > ordered.faces().size()) {
        throw noFace(session, "face " + n + " by appearance", ordered.faces().size());
      }
      return new FaceChoice(List.of(ordered.faces().get(n - 1)), "face " + n + " " + ordered.rule());
    }
  }

  /** See {@link #all()}. */
  record All() implements FaceSelector {
    @Override
    public FaceChoice resolve(FaceSession session) {
      if (session.faces().isEmpty()) {
        throw noFace(session, "all faces", 0);
      }
      return new FaceChoice(FaceOrder.byAppearance(session).faces(), "all faces");
    }
  }

  /** See {@link #longestOnScreen()}. */
  record LongestOnScreen() implements FaceSelector {
    @Override
    public FaceChoice resolve(FaceSession session) {
      List<Face> faces = session.faces();
      if (faces.isEmpty()) {
        throw noFace(session, "the face on screen longest", 0);
      }
      if (faces.stream().allMatch(Face::hasTimes)) {
        Face longest = faces.stream().max(Comparator.comparingLong(Face::onScreenMs)).orElseThrow();
        return new FaceChoice(List.of(longest), "the face on screen longest");
      }
      if (faces.stream().allMatch(f -> f.box() != null)) {
        Face largest = faces.stream().max(Comparator.comparingLong(f -> f.box().area())).orElseThrow();
        return new FaceChoice(
            List.of(largest), "the largest face in the picture (the vendor gave no times)");
      }
      return new FaceChoice(
          List.of(faces.get(0)), "the first face in the vendor's list (the vendor gave no times)");
    }
  }

  /** See {@link #onScreenAt(long)}. */
  record OnScreenAt(long atMs) implements FaceSelector {
    @Override
    public FaceChoice resolve(FaceSession session) {
      List<Face> faces = session.faces();
      if (faces.isEmpty()) {
        throw noFace(session, "the face on screen at " + atMs + " ms", 0);
      }
      if (!faces.stream().allMatch(Face::hasTimes)) {
        return new FaceChoice(
            List.of(faces.get(0)),
            "the first face in the vendor's list (the vendor gave no times to match " + atMs + " ms)");
      }
      for (Face face : FaceOrder.byAppearance(session).faces()) {
        if (face.startMs() <= atMs && atMs <= face.endMs()) {
          return new FaceChoice(List.of(face), "the face on screen at " + atMs + " ms");
        }
      }
      throw noFace(session, "the face on screen at " + atMs + " ms", faces.size());
    }
  }

  /** See {@link #byId(String)}. */
  record ById(String faceId) implements FaceSelector {
    public ById {
      Objects.requireNonNull(faceId, "faceId == null");
    }

    @Override
    public FaceChoice resolve(FaceSession session) {
      return session.faces().stream()
          .filter(f -> f.id().equals(faceId))
          .findFirst()
          .map(f -> new FaceChoice(List.of(f), "face id " + faceId))
          .orElseThrow(() -> noFace(session, "face id " + faceId, session.faces().size()));
    }
  }

  /** See {@link #matching(String, Predicate)}. */
  record Matching(String description, Predicate<Face> predicate) implements FaceSelector {
    public Matching {
      Objects.requireNonNull(description, "description == null");
      Objects.requireNonNull(predicate, "predicate == null");
    }

    @Override
    public FaceChoice resolve(FaceSession session) {
      FaceOrder ordered = FaceOrder.byAppearance(session);
      return ordered.faces().stream()
          .filter(predicate)
          .findFirst()
          .map(f -> new FaceChoice(List.of(f), "the first face " + ordered.rule() + " that " + description))
          .orElseThrow(() -> noFace(session, "a face that " + description, ordered.faces().size()));
    }
  }

  private static ContentRejectedException noFace(FaceSession session, String wanted, int count) {
    return new ContentRejectedException(
        session.vendor(),
        "no face matches " + wanted + ": the vendor found " + count + " face(s) in the video");
  }
}
