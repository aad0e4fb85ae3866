package dev.lipsync.cometapi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Kling's task object: the {@code data} of a create or status answer, and the whole body of a callback.
 * Both lip-sync endpoints answer with it. A status answer may instead carry the relay's own task record
 * ({@code {task_id, action, status, fail_reason, progress, result_url, data: <the upstream answer>}}),
 * which CometAPI documents for its Kling tasks; the same class reads it, the upstream answer under
 * {@code data} being Kling's envelope or task, itself read as a task.
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
    /** What the task cost in Kling's units, a string ({@code "5"}). */
    @Nullable String final_unit_deduction;
    /** The relay's record: {@code NOT_START}, {@code SUBMITTED}, ... {@code SUCCESS}, {@code FAILURE}. */
    @Nullable String status;
    @Nullable String fail_reason;
    @Nullable String result_url;
    /** The relay's record: the upstream answer; Kling's envelope: its task. */
    @Nullable Task data;
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
    /** Seconds, as a string ({@code "5.1"}); a number is read too. */
    @Nullable String duration;
    /** The copy with Kling's watermark, when the request asked for one. */
    @Nullable String watermark_url;
  }
}
