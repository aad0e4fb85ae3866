package dev.lipsync.support.upstream;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Kling's task object: the {@code data} of a create or query answer of the lip-sync endpoints, and the
 * whole body of a callback.
 */
public final class TaskWire {
  private TaskWire() {}

  /**
   * The task. Not final: a relay whose status answer carries its own record around this object reads
   * the record's fields in a subclass.
   */
  public static class Task {
    /** Kling's task id. */
    public @Nullable String task_id;
    /** {@code submitted}, {@code processing}, {@code succeed} or {@code failed}. */
    public @Nullable String task_status;
    /** Why the task failed. */
    public @Nullable String task_status_msg;
    /** What the request said of itself. */
    public @Nullable Info task_info;
    /** The videos, once it succeeded. */
    public @Nullable Result task_result;
    /** Epoch milliseconds. */
    public @Nullable Long created_at;
    /** Epoch milliseconds. */
    public @Nullable Long updated_at;
    /** What the task cost in Kling's units, a string ({@code "5"}); a number is read too. */
    public @Nullable String final_unit_deduction;
  }

  /** {@code task_info}. */
  public static final class Info {
    /** The request's {@code external_task_id}. */
    public @Nullable String external_task_id;
  }

  /** {@code task_result}. */
  public static final class Result {
    /** The result videos. */
    public @Nullable List<Video> videos;
  }

  /** One result video. */
  public static final class Video {
    /** Kling's video id. */
    public @Nullable String id;
    /** Where the video is. */
    public @Nullable String url;
    /** The copy with Kling's watermark, when the request asked for one. */
    public @Nullable String watermark_url;
    /** Seconds, as a string ({@code "5.1"}); a number is read too. */
    public @Nullable String duration;
  }
}
