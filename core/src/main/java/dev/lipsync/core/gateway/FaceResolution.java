package dev.lipsync.core.gateway;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceChoice;
import dev.lipsync.core.model.FaceChoice.Precision;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.PictureHash;
import dev.lipsync.core.model.PictureHashes;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A job's dubs resolved in one vendor's session: each selector's faces, the rule each applied, and how
 * sure each is. A session never travels, so each vendor the job reaches resolves the selectors again in
 * its own; a picture of a face chosen exactly does travel, and finds the same person where the vendor's
 * own data could only approximate: the gateway matches it to the faces' pictures, or sends it to a
 * vendor that takes pictures instead of face ids.
 *
 * @param choices for each dub of the job, in order, what its selector chose
 * @param pictures for each dub (by index) whose selector chose exactly one face that this session shows
 *     a picture of: that picture, the reference for the vendors the job may reach next
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
   * @param index the dub's index in the job
   * @param dub the job's dub
   * @param faces the faces it chose, in the session's terms (a face may carry a picture from elsewhere)
   * @param rule how they were chosen, in words, for the result
   * @param precision how sure the choice is
   */
  record Choice(int index, Dub dub, List<Face> faces, String rule, Precision precision) {
    Choice {
      faces = List.copyOf(faces);
    }

    /** The rule with how sure it is, as events print it. */
    String described() {
      return rule + " (" + precision.words() + ")";
    }
  }

  /**
   * A picture of the face a dub's selector chose exactly in one vendor's session.
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
   * The pictures {@link #of} will compare in this session: for each dub that names its face by a picture
   * ({@link FaceSelector#lookingLike}), or that the session can only approximate and whose face was seen
   * exactly earlier in the job, the reference and every face's picture in the session. Empty when the
   * session's own data settles every dub.
   */
  static Set<URI> picturesToCompare(
      List<Dub> dubs, List<Integer> indexes, FaceSession session, Map<Integer, Picture> seen) {
    List<URI> faces = session.faces().stream().map(Face::imageUrl).filter(Objects::nonNull).toList();
    Set<URI> wanted = new LinkedHashSet<>();
    for (int i : indexes) {
      URI reference = reference(dubs.get(i).face(), seen.get(i));
      if (reference != null && !faces.isEmpty() && !settledExactly(dubs.get(i).face(), session)) {
        wanted.add(reference);
        wanted.addAll(faces);
      }
    }
    return wanted;
  }

  /**
   * Resolves the dubs at {@code indexes}: every dub of the job, or those a step of a chain dubs.
   *
   * @param seen for each dub (by index), a picture of its face chosen exactly in a session seen earlier
   *     in the job
   * @param hashes the pictures {@link #picturesToCompare} named, fetched
   * @param takesPictures whether the vendor tells faces by their picture, so that a face its session
   *     shows no picture of is given the reference
   * @param faceMatch how surely the job's named faces must be found
   * @throws dev.lipsync.core.error.ContentRejectedException if a selector finds no face
   * @throws NotSupportedException if a named face can be found here less surely than {@code faceMatch}
   *     asks, or its picture matches no face here: the vendor cannot serve the job, and nothing was sent
   * @throws InvalidRequestException if two dubs land on the same face
   */
  static FaceResolution of(List<Dub> dubs, List<Integer> indexes, FaceSession session, Map<Integer, Picture> seen,
      PictureHashes hashes, boolean takesPictures, FaceMatch faceMatch) {
    List<Choice> choices = new ArrayList<>();
    Map<Integer, Picture> pictures = new HashMap<>();
    Map<String, Integer> dubOfFace = new HashMap<>();
    for (int i : indexes) {
      Dub dub = dubs.get(i);
      Choice choice = choose(i, dub, session, seen.get(i), hashes, takesPictures);
      if (!(dub.face() instanceof FaceSelector.Unnamed) && !faceMatch.accepts(choice.precision())) {
        throw new NotSupportedException(session.vendor(), "finds the face dub[" + i + "] names only "
            + choice.precision().words() + " (" + choice.rule() + ")"
            + (takesPictures ? ": it takes no face id, and no picture is known of the face dub[" + i + "] names"
                + " (FaceSelector.lookingLike, or one a vendor with times showed)" : "")
            + "; the job accepts faces found " + accepted(faceMatch)
            + " (LipSyncJob.faceMatch; --face-match in the command)");
      }
      for (Face face : choice.faces()) {
        Integer earlier = dubOfFace.putIfAbsent(face.id(), i);
        if (earlier != null) {
          throw new InvalidRequestException(new Violation("dub[" + i + "].face", String.valueOf(dub.face()),
              "chooses the face dub[" + earlier + "] chose (" + face.id() + " at " + session.vendor()
                  + "); each face takes exactly one audio source"));
        }
      }
      Face only = choice.faces().size() == 1 ? choice.faces().get(0) : null;
      if (only != null && only.imageUrl() != null && choice.precision() == Precision.EXACT) {
        pictures.put(i, new Picture(only.imageUrl(), session.vendor(), choice.rule()));
      }
      choices.add(choice);
    }
    return new FaceResolution(choices, pictures);
  }

  /** One dub's choice: the session's own when it is exact, else by the reference picture where there is one. */
  private static Choice choose(int index, Dub dub, FaceSession session, @Nullable Picture seen, PictureHashes hashes,
      boolean takesPictures) {
    FaceSelector selector = dub.face();
    boolean facesPictured = session.faces().stream().anyMatch(f -> f.imageUrl() != null);
    if (selector instanceof FaceSelector.LookingLike lookingLike && !facesPictured && takesPictures) {
      // The vendor matches the picture itself: any face of the session stands for "the one it shows".
      Face sent = withPicture(session.faces().isEmpty() ? null : session.faces().get(0), lookingLike.imageUrl());
      if (sent != null) {
        return new Choice(index, dub, List.of(sent), "the face looking like " + PictureHashes.shown(lookingLike.imageUrl())
            + ", sent to " + session.vendor() + " to match", Precision.PICTURE);
      }
    }
    FaceChoice own = selector.resolve(session, hashes);
    Face only = own.faces().size() == 1 ? own.faces().get(0) : null;
    if (own.precision() != Precision.APPROXIMATE || seen == null || only == null) {
      return new Choice(index, dub, own.faces(), own.rule(), own.precision());
    }
    if (facesPictured) {
      FaceChoice matched;
      try {
        matched = new FaceSelector.LookingLike(seen.url()).resolve(session, hashes);
      } catch (LipSyncException e) {
        throw new NotSupportedException(session.vendor(), "cannot find the face dub[" + index + "] names ("
            + seen.rule() + " at " + seen.vendor() + ") by its picture: " + e.reason());
      }
      return new Choice(index, dub, matched.faces(), seen.rule() + " at " + seen.vendor() + "; here the face its picture"
          + " matches (" + PictureHash.percent(Objects.requireNonNull(matched.similarity())) + " alike)", Precision.PICTURE);
    }
    if (takesPictures && only.imageUrl() == null) {
      // The picture is what this vendor matches, so the rule that chose it is the one that counts.
      return new Choice(index, dub, List.of(withPicture(only, seen.url())),
          seen.rule() + ", by its picture from " + seen.vendor() + "'s session", Precision.PICTURE);
    }
    return new Choice(index, dub, own.faces(), own.rule(), own.precision());
  }

  /** The reference picture of a dub's face: its own ({@link FaceSelector#lookingLike}), or one seen earlier. */
  private static @Nullable URI reference(FaceSelector selector, @Nullable Picture seen) {
    if (selector instanceof FaceSelector.LookingLike lookingLike) {
      return lookingLike.imageUrl();
    }
    return seen == null ? null : seen.url();
  }

  /** Whether the session's own data chooses the dub's face exactly, so no picture need be compared. */
  private static boolean settledExactly(FaceSelector selector, FaceSession session) {
    if (selector instanceof FaceSelector.LookingLike) {
      return false;
    }
    try {
      return selector.resolve(session).precision() == Precision.EXACT;
    } catch (LipSyncException e) {
      return true; // refused on the session's own terms; pictures would not change that
    }
  }

  private static @Nullable Face withPicture(@Nullable Face face, URI picture) {
    return face == null ? null : new Face(face.id(), face.startMs(), face.endMs(), picture, face.box());
  }

  private static String accepted(FaceMatch faceMatch) {
    return switch (faceMatch) {
      case EXACT -> "exactly only";
      case PICTURE -> "exactly or by picture";
      case ANY -> "any way";
    };
  }

  /**
   * These choices in the tasks of a vendor that dubs {@code perTask} faces per task, in the job's order:
   * one group when they fit in one task, else the steps of a chain. A dub choosing more faces than one
   * task dubs ("all faces") is never split; the mode refuses its step.
   */
  List<List<Integer>> steps(int perTask) {
    List<List<Integer>> steps = new ArrayList<>();
    List<Integer> step = new ArrayList<>();
    int faces = 0;
    for (Choice choice : choices) {
      if (!step.isEmpty() && faces + choice.faces().size() > perTask) {
        steps.add(List.copyOf(step));
        step.clear();
        faces = 0;
      }
      step.add(choice.index());
      faces += choice.faces().size();
    }
    if (!step.isEmpty()) {
      steps.add(List.copyOf(step));
    }
    return steps;
  }

  /** These choices for the dubs at {@code indexes} only: one step of a chain. */
  FaceResolution only(List<Integer> indexes) {
    return new FaceResolution(choices.stream().filter(c -> indexes.contains(c.index())).toList(), pictures);
  }

  /** The dubs with the vendor's faces, a dub choosing several faces once per face. */
  List<ResolvedDub> dubs() {
    return choices.stream().flatMap(c -> c.faces().stream().map(f -> ResolvedDub.of(c.dub(), f))).toList();
  }

  /** For each dub of the job, the rule its selector applied. */
  List<String> rules() {
    return choices.stream().map(Choice::rule).toList();
  }

  /** For each dub of the job, the rule with how sure it is. */
  List<String> described() {
    return choices.stream().map(Choice::described).toList();
  }

  /**
   * The submit of {@code job} for these dubs, each with the selector that chose its face.
   *
   * @param idempotencyKey the job's key, or a step's of a chain
   * @param callbackUrl where this submit's vendor should post (the job's own, or the vendor's), or null
   */
  SubmitRequest request(FaceSession session, LipSyncJob job, String idempotencyKey, @Nullable URI callbackUrl) {
    List<FaceSelector> selectors = choices.stream()
        .flatMap(c -> c.faces().stream().map(f -> c.dub().face()))
        .toList();
    return new SubmitRequest(session, dubs(), selectors, callbackUrl, idempotencyKey, job.watermark());
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
          ? new Choice(choice.index(), choice.dub(), choice.faces(), session.vendor() + " chooses the face: it takes no face id",
              Precision.VENDOR)
          : choice);
    }
    return new FaceResolution(served, pictures);
  }
}
