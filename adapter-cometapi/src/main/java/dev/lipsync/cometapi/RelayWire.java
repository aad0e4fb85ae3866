package dev.lipsync.cometapi;

import dev.lipsync.support.upstream.AdvancedWire;
import dev.lipsync.support.upstream.IdentifyWire;
import dev.lipsync.support.upstream.TaskWire;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What CometAPI adds to Kling's shapes, which it forwards under {@code /kling/...}: each class is Kling's
 * shape (from {@code dev.lipsync.support.upstream}) with the fields only CometAPI's pages or records
 * have.
 */
final class RelayWire {
  private RelayWire() {}

  /**
   * {@code data} of the identify answer: the faces in {@code face_data} (upstream), or {@code face_list}
   * (a relay).
   */
  static final class Session extends IdentifyWire.Session {
    @Nullable List<IdentifyWire.FaceData> face_list;
  }

  /**
   * One face and its audio, with the original soundtrack's volume under both names: CometAPI's page
   * alone calls it {@code original_sound_volume}, while Kling, to which CometAPI forwards the body, and
   * every other source call it {@code original_audio_volume}. Whichever name the hop that reads it
   * knows, it finds the same value; sent under one name only, muting the original track could silently
   * do nothing. Nothing the vendor sends back echoes these fields, so only the simulator has to read
   * the variants. The times are written as {@link CometApiProvider.Times} says: numbers, as Kling reads
   * them, by default, or strings ({@code "2000"}) as CometAPI's page shows them.
   */
  static final class FaceChoose extends AdvancedWire.FaceChoose {
    @Nullable Double original_sound_volume;
  }

  /**
   * Kling's task object: the {@code data} of a create or status answer, and the whole body of a
   * callback. Both lip-sync endpoints answer with it. A status answer may instead carry the relay's own
   * task record ({@code {task_id, action, status, fail_reason, progress, result_url, data: <the upstream
   * answer>}}), which CometAPI documents for its Kling tasks; the same class reads it, the upstream
   * answer under {@code data} being Kling's envelope or task, itself read as a task.
   */
  static final class Task extends TaskWire.Task {
    /** The relay's record: {@code NOT_START}, {@code SUBMITTED}, ... {@code SUCCESS}, {@code FAILURE}. */
    @Nullable String status;
    @Nullable String fail_reason;
    @Nullable String result_url;
    /** The relay's record: the upstream answer; Kling's envelope: its task. */
    @Nullable Task data;
  }
}
