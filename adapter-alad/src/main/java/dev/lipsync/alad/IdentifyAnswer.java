package dev.lipsync.alad;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The identify-face answer. alad lists faces as {@code face_list[]} with a box; Kling's own shape,
 * {@code face_data[]} with times and a thumbnail, is read as well.
 */
final class IdentifyAnswer extends Envelope {
  @Nullable Data data;

  static final class Data {
    @Nullable String session_id;
    @Nullable List<ListedFace> face_list;
    @Nullable List<KlingFace> face_data;
  }

  /** alad's entry: an id and where the face is, nothing else. */
  static final class ListedFace {
    @Nullable String face_id;
    @Nullable Rect face_rect;
  }

  /** Read as decimals: the page does not say the box is whole pixels. */
  static final class Rect {
    @Nullable Double x;
    @Nullable Double y;
    @Nullable Double width;
    @Nullable Double height;
  }

  /** Kling's entry: times in milliseconds and a thumbnail URL. */
  static final class KlingFace {
    @Nullable String face_id;
    @Nullable String face_image;
    @Nullable Long start_time;
    @Nullable Long end_time;
  }
}
