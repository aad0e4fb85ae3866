package dev.lipsync.kling;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Kling's task object: the {@code data} of a create or query answer, and the whole body of a callback.
 */
final class TaskWire {
  private TaskWire() {}

  static final class Task {
    @Nullable String task_id;
    /** {@code submitted}, {@code processing}, {@code succeed} or {@code failed}. */
    @Nullable String task_status;
    @Nullable String task_status_msg;
    @Nullable Info task_info;
    @Nullable Result task_result;
    /** Epoch milliseconds. */
    @Nullable Long created_at;
    @Nullable Long updated_at;
    /** What the task cost in Kling's units, a string ({@code "5"}); a number is read too. */
    @Nullable String final_unit_deduction;
  }

  static final class Info {
    @Nullable String external_task_id;
  }

  static final class Result {
    @Nullable List<Video> videos;
  }

  static final class Video {
    @Nullable String id;
    @Nullable String url;
    /** The copy with Kling's watermark, when the request asked for one. */
    @Nullable String watermark_url;
    /** Seconds, as a string ({@code "5.1"}); a number is read too. */
    @Nullable String duration;
  }
}
