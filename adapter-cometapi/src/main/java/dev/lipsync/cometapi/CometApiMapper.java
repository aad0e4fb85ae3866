package dev.lipsync.cometapi;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.support.AnswerValues;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.StatusWords;
import dev.lipsync.support.VendorBinding;
import dev.lipsync.support.VendorEnvelope;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The one translation between CometAPI's wire classes and core's records, both ways. */
final class CometApiMapper {
  static final String VENDOR = "cometapi";
  private static final VendorBinding OWN = VendorBinding.of(VENDOR);

  /**
   * Kling's words ({@code submitted} ... {@code failed}), then those of the relay's own task record
   * ({@code NOT_START}, {@code QUEUED}, {@code IN_PROGRESS}, {@code SUCCESS}, {@code FAILURE}; its
   * {@code UNKNOWN} stays unknown, so the task is taken as running).
   */
  private static final StatusWords WORDS = StatusWords.of(VENDOR, Map.of(
      "submitted", TaskState.QUEUED,
      "processing", TaskState.RUNNING,
      "succeed", TaskState.SUCCEEDED,
      "failed", TaskState.FAILED,
      "not_start", TaskState.QUEUED,
      "queued", TaskState.QUEUED,
      "in_progress", TaskState.RUNNING,
      "success", TaskState.SUCCEEDED,
      "failure", TaskState.FAILED));
  /**
   * Kling's envelope, passed through: 0 is success, and any other code speaks even in a 2xx answer; the
   * relay's task record says {@code "success"}.
   */
  private static final VendorEnvelope ENVELOPE = VendorEnvelope.of(VENDOR, "0", "success");
  /** How deep a relay's record may nest the upstream answer ({@code data}, then Kling's {@code data}). */
  private static final int MAX_RECORD_DEPTH = 3;
  private static final double DEFAULT_VOICE_SPEED = 1.0;

  private CometApiMapper() {}

  // ---- identify --------------------------------------------------------------------------------

  static IdentifyWire.Request toVendorIdentify(VideoSource video) {
    IdentifyWire.Request body = new IdentifyWire.Request();
    switch (video.kind()) {
      case URL -> body.video_url = ((VideoSource.Url) video).url().toString();
      // The provider has refused another vendor's video id already.
      case VENDOR_VIDEO -> body.video_id = ((VideoSource.VendorVideo) video).videoId();
    }
    return body;
  }

  static FaceSession toCoreSession(KlingEnvelope<IdentifyWire.Session> answer, VideoSource video, ApiKey key) {
    IdentifyWire.Session session = dataOf(answer, key, null);
    if (session == null || isBlank(session.session_id)) {
      throw unreadable("the identify answer has no session_id");
    }
    List<IdentifyWire.FaceData> listed = session.face_data != null ? session.face_data : session.face_list;
    List<Face> faces = new ArrayList<>();
    for (IdentifyWire.FaceData face : listed == null ? List.<IdentifyWire.FaceData>of() : listed) {
      if (face == null || isBlank(face.face_id)) {
        throw unreadable("the identify answer lists a face without face_id");
      }
      faces.add(new Face(face.face_id, face.start_time, face.end_time,
          AnswerValues.httpUrlOrNull(face.face_image), null));
    }
    if (faces.isEmpty()) {
      // Nobody to dub: the video is the problem, and every vendor would say the same of it.
      throw new ContentRejectedException(ErrorContext.of(VENDOR), "the vendor found no face in the video", null);
    }
    return new FaceSession(VENDOR, session.session_id, video, faces,
        AnswerValues.unitsOrNull(session.final_unit_deduction));
  }

  // ---- submit ----------------------------------------------------------------------------------

  static AdvancedWire.Request toVendorAdvanced(SubmitRequest request, CometApiProvider.Times times) {
    AdvancedWire.Request body = new AdvancedWire.Request();
    body.session_id = request.session().sessionId();
    List<AdvancedWire.FaceChoose> faces = new ArrayList<>();
    for (ResolvedDub dub : request.dubs()) {
      faces.add(toVendorFaceChoose(dub, times));
    }
    body.face_choose = faces;
    body.callback_url = request.callbackUrl() == null ? null : request.callbackUrl().toString();
    body.external_task_id = request.idempotencyKey();
    if (request.watermark()) {
      body.watermark_info = new AdvancedWire.WatermarkInfo();
      body.watermark_info.enabled = true;
    }
    return body;
  }

  private static AdvancedWire.FaceChoose toVendorFaceChoose(ResolvedDub dub, CometApiProvider.Times times) {
    AdvancedWire.FaceChoose face = new AdvancedWire.FaceChoose();
    face.face_id = dub.face().id();
    AudioSource audio = dub.audio();
    switch (audio.kind()) {
      case URL -> face.sound_file = ((AudioSource.AudioUrl) audio).url().toString();
      case BYTES -> face.sound_file = ((AudioSource.AudioBytes) audio).base64();
      case VENDOR_AUDIO -> {
        AudioSource.VendorAudioId id = (AudioSource.VendorAudioId) audio;
        OWN.requireOwnId("audio id " + id.id(), id.vendor());
        face.audio_id = id.id();
      }
      case SPEECH -> throw new NotSupportedException(VENDOR, "the advanced endpoint speaks no text");
    }
    // The three times are required upstream: sent whether or not the job set them.
    AudioClip clip = dub.requiredClip();
    face.sound_start_time = times.write(clip.startMs());
    face.sound_end_time = times.write(clip.endMs());
    face.sound_insert_time = times.write(dub.insertAtMsOrDefault());
    face.sound_volume = dub.volume();
    face.original_sound_volume = dub.originalVolume();
    face.original_audio_volume = dub.originalVolume();
    return face;
  }

  /**
   * The body of the older endpoint. Its callback URL is left out on purpose: the task object it would
   * post looks like an advanced task's, so {@code parseCallback} could not tell which endpoint's status
   * path to record, and the ref it returned would not be the one submit returned. Such a task is
   * tracked by polling, the gateway's safety net anyway.
   *
   * @throws NotSupportedException if the video is not a Kling video with the id of the task that made
   *     it (this endpoint requires both), or the dub is not speech or an audio file
   */
  static LegacyWire.Request toVendorLegacy(SubmitRequest request) {
    if (!(request.session().video() instanceof VideoSource.VendorVideo video) || video.taskId() == null) {
      throw new NotSupportedException(VENDOR,
          "the lip-sync endpoint needs a Kling video id together with the id of the task that generated"
              + " the video (VideoSource.VendorVideo.withTaskId), and this video has no task id");
    }
    OWN.requireOwnId("video id " + video.videoId(), video.vendor());
    if (request.dubs().size() != 1) {
      throw new NotSupportedException(VENDOR, "the lip-sync endpoint dubs one face per task");
    }
    LegacyWire.Input input = new LegacyWire.Input();
    input.task_id = video.taskId();
    input.video_id = video.videoId();
    AudioSource audio = request.dubs().get(0).audio();
    switch (audio.kind()) {
      case SPEECH -> {
        AudioSource.Speech speech = (AudioSource.Speech) audio;
        input.mode = "text2video";
        input.text = speech.text();
        input.voice_id = speech.voiceId();
        input.voice_language = speech.language().code();
        // Normal speed is the vendor's default, so it is left out, as the page's example does.
        input.voice_speed = speech.speed() == DEFAULT_VOICE_SPEED ? null : decimal(speech.speed());
      }
      case URL -> {
        input.mode = "audio2video";
        input.audio_type = "url";
        input.audio_url = ((AudioSource.AudioUrl) audio).url().toString();
      }
      case BYTES -> {
        input.mode = "audio2video";
        input.audio_type = "file";
        input.audio_file = ((AudioSource.AudioBytes) audio).base64();
      }
      case VENDOR_AUDIO -> throw new NotSupportedException(VENDOR, "the lip-sync endpoint takes no audio id");
    }
    LegacyWire.Request body = new LegacyWire.Request();
    body.input = input;
    return body;
  }

  /**
   * The task a create answer names.
   *
   * @throws LipSyncException the class the envelope's error code means; an answer that names no usable
   *     task, or an error code nobody knows, is {@link ProtocolException}, which the provider reports as
   *     {@link SubmitOutcomeUnknownException}, since a paid task may exist
   */
  static TaskRef toCoreTaskRef(KlingEnvelope<TaskWire.Task> answer, LipSyncEndpoint endpoint, ApiKey key) {
    TaskWire.Task task = dataOf(answer, key, null);
    if (task == null || isBlank(task.task_id)) {
      throw unreadable("the vendor answered the submit without a task_id");
    }
    String refTaskId = endpoint.refTaskId(task.task_id.strip());
    try {
      return new TaskRef(VENDOR, refTaskId);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorContext.of(VENDOR),
          "the vendor answered the submit with a task_id that cannot be recorded", e);
    }
  }

  // ---- status and callbacks --------------------------------------------------------------------

  /** The snapshot in a status answer about {@code ref}. */
  static TaskSnapshot toCoreSnapshot(TaskRef ref, KlingEnvelope<TaskWire.Task> answer, ApiKey key) {
    TaskWire.Task task = dataOf(answer, key, ref);
    if (task == null) {
      throw unreadable("the status answer has no task");
    }
    return toCoreSnapshot(ref, task);
  }

  /** The snapshot of a callback's task object; its tasks come from the advanced endpoint only. */
  static TaskSnapshot toCoreSnapshot(TaskWire.Task task) {
    if (isBlank(task.task_id)) {
      throw unreadable("the callback names no task_id");
    }
    TaskRef ref;
    try {
      ref = new TaskRef(VENDOR, LipSyncEndpoint.ADVANCED.refTaskId(task.task_id.strip()));
    } catch (IllegalArgumentException e) {
      throw unreadable("the callback's task_id cannot be recorded");
    }
    return toCoreSnapshot(ref, task);
  }

  /**
   * The snapshot of a task object: Kling's, or the relay's own record, whose status word, failure and
   * {@code result_url} count where the upstream answer it carries under {@code data} does not say.
   */
  private static TaskSnapshot toCoreSnapshot(TaskRef ref, TaskWire.Task answered) {
    TaskWire.Task task = upstream(answered);
    String word = !isBlank(task.task_status) ? task.task_status : answered.status;
    if (isBlank(word)) {
      throw unreadable("the task has no task_status");
    }
    TaskState state = WORDS.stateOf(word);
    List<ResultVideo> videos = state == TaskState.SUCCEEDED ? videos(task.task_result) : List.of();
    URI recorded = AnswerValues.httpUrlOrNull(answered.result_url);
    if (state == TaskState.SUCCEEDED && videos.isEmpty() && recorded != null) {
      videos = List.of(ResultVideo.of(recorded));
    }
    if (state == TaskState.SUCCEEDED && videos.isEmpty()) {
      throw unreadable("the task succeeded without a result video URL");
    }
    // A failed task's envelope may still say "SUCCEED": the reason is the task's own.
    String reason = !isBlank(task.task_status_msg) ? task.task_status_msg
        : isBlank(answered.fail_reason) ? null : answered.fail_reason;
    return TaskSnapshot.builder(ref, state)
        .rawStatus(word)
        .videos(videos)
        .failure(state == TaskState.FAILED ? new TaskFailure(null, reason) : null)
        .createdAt(instant(task.created_at))
        .updatedAt(instant(task.updated_at))
        .billedUnits(AnswerValues.unitsOrNull(task.final_unit_deduction))
        .build();
  }

  /**
   * The upstream task a relay's record carries under {@code data} (under {@code data.data} when it kept
   * Kling's envelope), or the task object itself when it is Kling's.
   */
  private static TaskWire.Task upstream(TaskWire.Task answered) {
    TaskWire.Task current = answered;
    for (int depth = 0; depth < MAX_RECORD_DEPTH && isBlank(current.task_status) && current.data != null; depth++) {
      current = current.data;
    }
    return isBlank(current.task_status) ? answered : current;
  }

  private static List<ResultVideo> videos(TaskWire.@Nullable Result result) {
    if (result == null || result.videos == null) {
      return List.of();
    }
    List<ResultVideo> videos = new ArrayList<>();
    for (TaskWire.Video video : result.videos) {
      URI url = video == null ? null : AnswerValues.httpUrlOrNull(video.url);
      if (url != null) {
        videos.add(new ResultVideo(url, AnswerValues.secondsOrNull(video.duration),
            isBlank(video.id) ? null : video.id, AnswerValues.httpUrlOrNull(video.watermark_url)));
      }
    }
    return videos;
  }

  // ---- the envelope ----------------------------------------------------------------------------

  /**
   * The envelope's data, after its code: 0 (or none, with data) is success; any other code is the
   * error it means, as it would be in a non-2xx answer.
   */
  private static <T> @Nullable T dataOf(KlingEnvelope<T> answer, ApiKey key, @Nullable TaskRef ref) {
    ENVELOPE.check(answer.code, answer.message, key, ref);
    if ((answer.code == null || answer.code.isBlank()) && answer.data == null) {
      throw unreadable("the answer is not Kling's envelope (no code, no data)");
    }
    return answer.data;
  }

  // ---- small readers and writers ---------------------------------------------------------------

  private static ProtocolException unreadable(String reason) {
    return new ProtocolException(VENDOR, reason);
  }

  private static boolean isBlank(@Nullable String text) {
    return text == null || text.isBlank();
  }

  private static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  private static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
