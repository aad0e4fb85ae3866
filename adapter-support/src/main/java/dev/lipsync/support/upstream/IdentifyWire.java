package dev.lipsync.support.upstream;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The wire shapes of Kling's {@code POST /v1/videos/identify-face}. */
public final class IdentifyWire {
  private IdentifyWire() {}

  /** The request: exactly one of the two is set. */
  public static final class Request {
    /** The video's public URL. */
    public @Nullable String video_url;
    /** A Kling video's id. */
    public @Nullable String video_id;
  }

  /**
   * {@code data} of the answer. Not final: a relay that names the list otherwise reads its name in a
   * subclass, and hands the list on as {@link #face_data}.
   */
  public static class Session {
    /** What the advanced lip-sync takes as {@code session_id}. */
    public @Nullable String session_id;
    /** The faces found. */
    public @Nullable List<FaceData> face_data;
    /** What the identification cost in Kling's units, a string ({@code "0.2"}); a number is read too. */
    public @Nullable String final_unit_deduction;
  }

  /** One face found; times in milliseconds from the start of the video. */
  public static final class FaceData {
    /** What {@code face_choose[].face_id} takes. */
    public @Nullable String face_id;
    /** A picture of the face. */
    public @Nullable String face_image;
    /** When the face first shows. */
    public @Nullable Long start_time;
    /** When the face last shows. */
    public @Nullable Long end_time;
  }
}
