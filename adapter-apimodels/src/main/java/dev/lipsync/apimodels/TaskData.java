package dev.lipsync.apimodels;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A task of either kind, as a status answer or a callback carries it. Where the README lists another
 * spelling of a field, both are read. {@code data.param} (a callback's echo of the request, a JSON
 * string) has no field on purpose: nothing in a snapshot comes from it, so whatever form it takes
 * cannot break reading.
 */
final class TaskData {
  @Nullable String taskId;
  @Nullable String task_id;
  /** {@code pending | processing | completed | failed}. */
  @Nullable String state;
  @Nullable String model;

  /** A finished identify task's session and faces; also found in {@link #resultJson}. */
  @Nullable FaceData faceData;
  @Nullable FaceData face_data;

  /** A finished lip-sync task's videos, in a status answer. */
  @Nullable List<String> resultUrls;
  @Nullable List<String> result_urls;

  /** A callback's result: a JSON string parsed once more (null, or without URLs, on failure). */
  @EmbeddedJson @Nullable ResultJson resultJson;

  @Nullable String failMsg;
  @Nullable String fail_msg;
  @Nullable String failCode;
  @Nullable String fail_code;

  /** Epoch milliseconds. */
  @Nullable Long createTime;
  @Nullable Long completeTime;
}
