package dev.lipsync.core.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The faces a {@link FaceSelector} chose in one session, the rule it applied and how sure the choice is.
 * The rule says in words how the choice was made, so that a result can tell when a vendor's data forced
 * a fallback (for example "3rd face in the vendor's list (the vendor gave no times)").
 *
 * @param faces the faces chosen, at least one
 * @param rule how they were chosen, in words
 * @param precision how sure it is that these are the faces the selector means
 * @param similarity for a choice by picture that the gateway matched, how alike the face's picture and
 *     the reference are, from 0 to 1 ({@link PictureHash#similarity}); null otherwise
 */
public record FaceChoice(List<Face> faces, String rule, Precision precision, @Nullable Double similarity) {

  public FaceChoice {
    faces = List.copyOf(faces);
    Objects.requireNonNull(rule, "rule == null");
    Objects.requireNonNull(precision, "precision == null");
    if (faces.isEmpty()) {
      throw new IllegalArgumentException("a choice holds at least one face");
    }
  }

  /** A choice without a similarity: exact, approximate or left to the vendor. */
  public FaceChoice(List<Face> faces, String rule, Precision precision) {
    this(faces, rule, precision, null);
  }

  /**
   * How a face was found, from surest to least sure. A job accepts some of them ({@link FaceMatch}): by
   * default a face it names must be found exactly or by its picture.
   */
  public enum Precision {
    /**
     * By what is certain: the vendor's times (order of appearance, time on screen), the face's id, the
     * only face in the video, or every face.
     */
    EXACT,
    /**
     * By the face's picture: the gateway matched the session's pictures to a reference (a picture of the
     * face chosen exactly at another vendor, or the job's own), or the vendor is sent the reference to
     * match itself (alad's {@code face_image_url}).
     */
    PICTURE,
    /**
     * By a guess the vendor's data forced: its listing order for "by appearance" or "at a time", the
     * largest face for "on screen longest". It may be another person.
     */
    APPROXIMATE,
    /** Left to the vendor: the dub names no face, and the vendor takes no face id. */
    VENDOR;

    /** The word the command and the events print, e.g. {@code "by picture"}. */
    public String words() {
      return switch (this) {
        case EXACT -> "exactly";
        case PICTURE -> "by picture";
        case APPROXIMATE -> "approximately";
        case VENDOR -> "by the vendor";
      };
    }
  }
}
