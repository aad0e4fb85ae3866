package dev.lipsync.core.model;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.FaceChoice.Precision;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which face of a video a dub is for, said in a way that works at every vendor. Face ids are only valid
 * in the session that made them, so a job names faces by what is true of the video: the n-th face to
 * appear, the face on screen longest, the face on screen at a given time, the face a picture shows. The
 * selector is resolved against each vendor's session, so a job can move to another vendor and still
 * animate the same person. How sure each choice is, is its {@link FaceChoice#precision()}:
 *
 * <ul>
 *   <li><b>exactly</b> with the vendor's times (Kling, CometAPI), by id, or when the video has one face;
 *   <li><b>by picture</b> at a vendor without times: once the job has chosen a face exactly at one vendor
 *       and seen its picture, the next vendor's faces are matched to that picture ({@link PictureHash};
 *       apimodels shows a picture of each face), or the picture is sent for the vendor to match (alad's
 *       {@code face_image_url}). {@link #lookingLike} gives the picture directly;
 *   <li><b>approximately</b> where neither is possible: "by appearance" falls back to the vendor's listing
 *       order, "longest" to the largest face in the picture (or the first listed), "at time" to the first
 *       listed face. That may be another person.
 * </ul>
 *
 * A job accepts exact and picture matches by default, so a vendor where its face could only be
 * approximated is skipped before anything is paid, saying why ({@link LipSyncJob#faceMatch()},
 * {@link FaceMatch}). The {@link FaceChoice#rule()} says in words which rule was applied.
 *
 * <pre>{@code
 * FaceSelector.nthByAppearance(2)   // the second person to appear
 * FaceSelector.longestOnScreen()    // the main character
 * FaceSelector.onScreenAt(4_500)    // whoever is on screen 4.5 s in
 * FaceSelector.lookingLike("https://example.com/faces/ben.png")   // the face this thumbnail shows
 * }</pre>
 *
 * <p>A job with a dub per face names several faces. Kling, upstream of every vendor, dubs one person per
 * task, so such a job is dubbed as a chain of tasks ({@link LipSyncJob#chaining()}): each face on the
 * video the task before made, its selector resolved again there, each task paid, the plan and its
 * estimated cost known before the first is paid.
 *
 * <p>A dub that names no face carries {@link #unnamed()}: the first face to appear wherever the vendor
 * can be told which face to dub, and otherwise the vendor's own choice; it is never refused for how
 * surely it was found. Every other selector names a face, and a vendor that cannot be told which face to
 * dub serves it only when its session leaves no doubt (see {@link
 * dev.lipsync.core.provider.Capabilities.FaceChoosing}).
 */
public sealed interface FaceSelector
    permits FaceSelector.Unnamed,
        FaceSelector.NthByAppearance,
        FaceSelector.All,
        FaceSelector.LongestOnScreen,
        FaceSelector.OnScreenAt,
        FaceSelector.ById,
        FaceSelector.Matching,
        FaceSelector.LookingLike {

  /**
   * Chooses faces in a session.
   *
   * @throws ContentRejectedException if the session has no face this selector accepts
   * @throws NotSupportedException if the selector needs pictures to choose ({@link #lookingLike}); see
   *     {@link #resolve(FaceSession, PictureHashes)}
   */
  FaceChoice resolve(FaceSession session);

  /**
   * Chooses faces in a session, with the pictures fetched for it: what {@link #lookingLike} needs. Every
   * other selector ignores them.
   *
   * @throws ContentRejectedException if the session has no face this selector accepts
   * @throws NotSupportedException if no face in the session is certainly the one the picture shows
   */
  default FaceChoice resolve(FaceSession session, PictureHashes pictures) {
    return resolve(session);
  }

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

  /**
   * The face this picture shows: a thumbnail of the face from this video, such as a vendor's identify
   * answer gives ({@code lipsync faces} prints them). Where the vendor shows a picture of each face, the
   * gateway fetches them and the reference, and chooses the face whose picture is at least {@link
   * PictureHash#SAME_FACE} alike, when exactly one is; where the vendor takes a picture (alad), it is
   * sent. A vendor that does neither cannot serve it.
   *
   * @param imageUrl the picture, an absolute http or https URL
   * @throws dev.lipsync.core.error.InvalidRequestException if it is not one
   */
  static FaceSelector lookingLike(String imageUrl) {
    return new LookingLike(Urls.httpUrl("face.imageUrl", imageUrl));
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
      return new FaceChoice(
          List.of(ordered.faces().get(n - 1)), "face " + n + " " + ordered.rule(), ordered.precision());
    }
  }

  /** See {@link #all()}. */
  record All() implements FaceSelector {
    @Override
    public FaceChoice resolve(FaceSession session) {
      if (session.faces().isEmpty()) {
        throw noFace(session, "all faces", 0);
      }
      return new FaceChoice(FaceOrder.byAppearance(session).faces(), "all faces", Precision.EXACT);
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
        return new FaceChoice(List.of(longest), "the face on screen longest", Precision.EXACT);
      }
      if (faces.size() == 1) {
        return new FaceChoice(List.of(faces.get(0)), FaceOrder.ONLY_FACE, Precision.EXACT);
      }
      if (faces.stream().allMatch(f -> f.box() != null)) {
        Face largest = faces.stream().max(Comparator.comparingLong(f -> f.box().area())).orElseThrow();
        return new FaceChoice(
            List.of(largest), "the largest face in the picture (the vendor gave no times)", Precision.APPROXIMATE);
      }
      return new FaceChoice(List.of(faces.get(0)), "the first face in the vendor's list (the vendor gave no times)",
          Precision.APPROXIMATE);
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
        if (faces.size() == 1) {
          return new FaceChoice(List.of(faces.get(0)), FaceOrder.ONLY_FACE, Precision.EXACT);
        }
        return new FaceChoice(
            List.of(faces.get(0)),
            "the first face in the vendor's list (the vendor gave no times to match " + atMs + " ms)",
            Precision.APPROXIMATE);
      }
      for (Face face : FaceOrder.byAppearance(session).faces()) {
        if (face.startMs() <= atMs && atMs <= face.endMs()) {
          return new FaceChoice(List.of(face), "the face on screen at " + atMs + " ms", Precision.EXACT);
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
          .map(f -> new FaceChoice(List.of(f), "face id " + faceId, Precision.EXACT))
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
      List<Face> accepted = ordered.faces().stream().filter(predicate).toList();
      if (accepted.isEmpty()) {
        throw noFace(session, "a face that " + description, ordered.faces().size());
      }
      // Which is first is certain with times; without them, only when the predicate accepts one face.
      Precision precision = accepted.size() == 1 ? Precision.EXACT : ordered.precision();
      return new FaceChoice(
          List.of(accepted.get(0)), "the first face " + ordered.rule() + " that " + description, precision);
    }
  }

  /** See {@link #lookingLike(String)}. */
  record LookingLike(URI imageUrl) implements FaceSelector {
    public LookingLike {
      Objects.requireNonNull(imageUrl, "imageUrl == null");
    }

    /** Needs the pictures: {@link #resolve(FaceSession, PictureHashes)}. */
    @Override
    public FaceChoice resolve(FaceSession session) {
      return resolve(session, PictureHashes.NONE);
    }

    @Override
    public FaceChoice resolve(FaceSession session, PictureHashes pictures) {
      String shown = PictureHashes.shown(imageUrl);
      PictureHash reference = pictures.of(imageUrl);
      if (reference == null) {
        throw new NotSupportedException(session.vendor(),
            "cannot match a face to its picture: the picture " + shown + " " + pictures.whyNot(imageUrl));
      }
      Face best = null;
      double bestSimilarity = -1;
      Face runnerUp = null;
      double runnerUpSimilarity = -1;
      int compared = 0;
      for (Face face : FaceOrder.byAppearance(session).faces()) {
        PictureHash hash = face.imageUrl() == null ? null : pictures.of(face.imageUrl());
        if (hash == null) {
          continue;
        }
        compared++;
        double similarity = reference.similarity(hash);
        if (similarity > bestSimilarity) {
          runnerUp = best;
          runnerUpSimilarity = bestSimilarity;
          best = face;
          bestSimilarity = similarity;
        } else if (similarity > runnerUpSimilarity) {
          runnerUp = face;
          runnerUpSimilarity = similarity;
        }
      }
      if (best == null) {
        throw new NotSupportedException(session.vendor(), "cannot match a face to the picture " + shown
            + ": no picture of any of the " + session.faces().size() + " face(s) it found could be compared");
      }
      if (bestSimilarity < PictureHash.SAME_FACE) {
        throw new NotSupportedException(session.vendor(), "no face looks like the picture " + shown
            + ": the most alike of " + compared + " is face " + best.id() + ", " + PictureHash.percent(bestSimilarity)
            + " alike, less than the " + PictureHash.percent(PictureHash.SAME_FACE) + " taken as the same face");
      }
      if (runnerUp != null && runnerUpSimilarity >= PictureHash.SAME_FACE) {
        throw new NotSupportedException(session.vendor(), "two faces look like the picture " + shown
            + " (face " + best.id() + ", " + PictureHash.percent(bestSimilarity) + ", and face " + runnerUp.id() + ", "
            + PictureHash.percent(runnerUpSimilarity) + "), so which one it shows is not certain");
      }
      return new FaceChoice(List.of(best), "the face looking like " + shown + " (" + PictureHash.percent(bestSimilarity)
          + " alike)", Precision.PICTURE, bestSimilarity);
    }
  }

  private static ContentRejectedException noFace(FaceSession session, String wanted, int count) {
    return new ContentRejectedException(
        session.vendor(),
        "no face matches " + wanted + ": the vendor found " + count + " face(s) in the video");
  }
}
