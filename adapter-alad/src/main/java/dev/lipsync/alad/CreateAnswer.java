package dev.lipsync.alad;

import org.jspecify.annotations.Nullable;

/** The advanced-lip-sync create answer: the task id comes at the top level or inside {@code data}. */
final class CreateAnswer extends Envelope {
  @Nullable String task_id;
  @Nullable Data data;

  static final class Data {
    @Nullable String task_id;
  }
}
