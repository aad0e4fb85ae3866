package dev.lipsync.alad;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One level of a status answer (or callback). alad nests levels under {@code data}, differently in
 * its two documented shapes, so one class reads every level and {@link AladMapper} walks down:
 *
 * <pre>
 * guide:   {code, message, data: {code, message, data: {task_id, task_status: "succeeded", task_result}}}
 * generic: {code: "success", message, data: {task_id, status: "SUCCESS", fail_reason, progress,
 *              data: {code, message, data: {task_id, task_status: "succeed", task_result}}}}
 * </pre>
 */
final class TaskAnswer extends Envelope {
  @Nullable String task_id;
  /** The generic shape's word: SUBMITTED, PROCESSING, SUCCESS, FAILURE, FAILED. */
  @Nullable String status;
  @Nullable String fail_reason;
  /** The relay's record may carry the video here, beside or instead of the upstream answer. */
  @Nullable String result_url;
  /** The guide's word (queued, processing, succeeded, failed), or the upstream task's own. */
  @Nullable String task_status;
  @Nullable String task_status_msg;
  @Nullable TaskResult task_result;
  /** Epoch milliseconds on the upstream task object. */
  @Nullable Long created_at;
  @Nullable Long updated_at;
  /** What the upstream task cost in Kling's units, a string ({@code "5"}). */
  @Nullable String final_unit_deduction;
  @Nullable TaskAnswer data;

  static final class TaskResult {
    @Nullable List<Video> videos;
  }

  static final class Video {
    @Nullable String id;
    @Nullable String url;
    /** Seconds, as a string upstream ("5.042"). */
    @Nullable String duration;
  }
}
