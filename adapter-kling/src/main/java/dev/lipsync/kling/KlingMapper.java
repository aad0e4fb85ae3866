package dev.lipsync.kling;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.gateway.Poll;
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
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.support.AnswerValues;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.StatusWords;
import dev.lipsync.support.VendorBinding;
import dev.lipsync.support.VendorEnvelope;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The one translation between Kling's wire classes and core's records, both ways. */
final class KlingMapper {
  static final String VENDOR = "kling";
  private static final VendorBinding OWN = VendorBinding.of(VENDOR);

  /** Kling's four words; any other is kept and the task taken as running. */
  private static final StatusWords WORDS = StatusWords.of(VENDOR, Map.of(
      "submitted", TaskState.QUEUED,
      "processing", TaskState.RUNNING,
      "succeed", TaskState.SUCCEEDED,
      "failed", TaskState.FAILED));
  /** 0 is success; any other code speaks even in a 2xx answer, as it would in an error answer. */
  private static final VendorEnvelope ENVELOPE = VendorEnvelope.of(VENDOR, "0");

  private KlingMapper() {}

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

  /**
   * The session an identify answer describes, with what the identification cost.
   *
   * @throws ContentRejectedException if Kling found no face
   */
  static FaceSession toCoreSession(KlingEnvelope<IdentifyWire.Session> answer, VideoSource video, ApiKey key) {
    IdentifyWire.Session session = dataOf(answer, key, null);
    if (session == null || isBlank(session.session_id)) {
      throw unreadable("the identify answer has no session_id");
    }
    List<Face> faces = new ArrayList<>();
    for (IdentifyWire.FaceData face : session.face_data == null ? List.<IdentifyWire.FaceData>of() : session.face_data) {
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

  /** The body of the advanced lip-sync: the job's idempotency key goes as {@code external_task_id}. */
  static AdvancedWire.Request toVendorAdvanced(SubmitRequest request) {
    AdvancedWire.Request body = new AdvancedWire.Request();
    body.session_id = request.session().sessionId();
    List<AdvancedWire.FaceChoose> faces = new ArrayList<>();
    for (ResolvedDub dub : request.dubs()) {
      faces.add(toVendorFaceChoose(dub));
    }
    body.face_choose = faces;
    body.external_task_id = request.idempotencyKey();
    body.callback_url = request.callbackUrl() == null ? null : request.callbackUrl().toString();
    if (request.watermark()) {
      body.watermark_info = new AdvancedWire.WatermarkInfo();
      body.watermark_info.enabled = true;
    }
    return body;
  }

  private static AdvancedWire.FaceChoose toVendorFaceChoose(ResolvedDub dub) {
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
      // The gateway speaks text first (speak, /v1/audio/tts) and submits the audio's id instead.
      case SPEECH -> throw new NotSupportedException(VENDOR,
          "the advanced lip-sync speaks no text: speak it first (/v1/audio/tts) and send its audio_id");
    }
    // The three times are required upstream: sent whether or not the job set them.
    AudioClip clip = dub.requiredClip();
    face.sound_start_time = clip.startMs();
    face.sound_end_time = clip.endMs();
    face.sound_insert_time = dub.insertAtMsOrDefault();
    face.sound_volume = dub.volume();
    face.original_audio_volume = dub.originalVolume();
    return face;
  }

  /**
   * The task a create answer names.
   *
   * @throws LipSyncException the class the envelope's error code means; an answer that names no usable
   *     task is {@link ProtocolException}, which the provider reports as {@link
   *     SubmitOutcomeUnknownException}, since a paid task may exist
   */
  static TaskRef toCoreTaskRef(KlingEnvelope<TaskWire.Task> answer, ApiKey key) {
    TaskWire.Task task = dataOf(answer, key, null);
    if (task == null || isBlank(task.task_id)) {
      throw unreadable("the vendor answered the submit without a task_id");
    }
    try {
      return new TaskRef(VENDOR, task.task_id.strip());
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorContext.of(VENDOR),
          "the vendor answered the submit with a task_id that cannot be recorded", e);
    }
  }

  // ---- text to speech --------------------------------------------------------------------------

  /**
   * The body of {@code POST /v1/audio/tts}: the text, the voice and its language, and the speed where it
   * is not Kling's default of 1 (see {@link SpeechWire.Request#voice_speed}).
   */
  static SpeechWire.Request toVendorSpeech(AudioSource.Speech speech) {
    SpeechWire.Request body = new SpeechWire.Request();
    body.text = speech.text();
    body.voice_id = speech.voiceId();
    body.voice_language = speech.language().code();
    body.voice_speed = speech.speed() == 1.0 ? null : speech.speed();
    return body;
  }

  /**
   * Where a speech stands, by the answer to {@code POST /v1/audio/tts} or to the query of its task:
   * Kling's task id, and the audio once there.
   *
   * @param taskId the speech task's id; null only where the audio came at once, naming none
   * @param state the audio, or Kling's word for the task while there is none
   */
  record Speech(@Nullable String taskId, Poll<SpokenAudio> state) {}

  /**
   * A text-to-speech answer, in either shape Kling's sources give (see {@link SpeechWire}). The audio is
   * the first of {@code task_result.audios[]} with an id, taken by its id; otherwise the first there or
   * {@code task_result.audio} with a URL, taken by its URL and named by the task's id. Its length is
   * read from {@code duration} (seconds, as a string or a number), and what the speech cost from {@code
   * final_unit_deduction} where the answer says. A task without audio yet, {@code submitted} or {@code
   * processing}, is pending.
   *
   * @throws TaskFailedException if Kling says the speech task failed, with its reason
   * @throws ProtocolException if the answer carries no usable audio and no running task to wait for,
   *     or an audio of no usable length
   */
  static Speech toCoreSpeech(KlingEnvelope<SpeechWire.Task> answer, ApiKey key) {
    SpeechWire.Task task = dataOf(answer, key, null);
    if (task == null) {
      throw unreadable("the text-to-speech answer has no data");
    }
    String taskId = isBlank(task.task_id) ? null : task.task_id.strip();
    TaskState state = isBlank(task.task_status) ? null : WORDS.stateOf(task.task_status);
    if (state == TaskState.FAILED) {
      if (taskId == null) {
        throw unreadable("the text-to-speech task failed, naming no task_id");
      }
      String reason = isBlank(task.task_status_msg) ? "the text-to-speech task failed" : task.task_status_msg;
      throw new TaskFailedException(TaskSnapshot.builder(new TaskRef(VENDOR, taskId), TaskState.FAILED)
          .rawStatus(task.task_status)
          .failure(new TaskFailure(null, reason))
          .billedUnits(AnswerValues.unitsOrNull(task.final_unit_deduction))
          .build());
    }
    SpeechWire.Audio audio = spokenAudioOf(task.task_result);
    if (audio != null) {
      return new Speech(taskId, Poll.done(toCoreSpokenAudio(audio, taskId, task.final_unit_deduction)));
    }
    if (state != null && !state.isTerminal()) {
      if (taskId == null) {
        throw unreadable("the text-to-speech task is " + task.task_status.strip() + ", naming no task_id to ask");
      }
      return new Speech(taskId, Poll.pending(task.task_status.strip()));
    }
    throw unreadable("the text-to-speech answer carries no audio with an id or a URL");
  }

  /** The audio to take: the first with an id, else the first with a URL; null while there is none. */
  private static SpeechWire.@Nullable Audio spokenAudioOf(SpeechWire.@Nullable Result result) {
    if (result == null) {
      return null;
    }
    List<SpeechWire.Audio> audios = new ArrayList<>();
    if (result.audios != null) {
      audios.addAll(result.audios);
    }
    audios.add(result.audio);
    SpeechWire.Audio byUrl = null;
    for (SpeechWire.Audio audio : audios) {
      if (audio != null && !isBlank(audio.id)) {
        return audio;
      }
      if (byUrl == null && audio != null && !isBlank(audio.url)) {
        byUrl = audio;
      }
    }
    return byUrl;
  }

  private static SpokenAudio toCoreSpokenAudio(SpeechWire.Audio audio, @Nullable String taskId, @Nullable String units) {
    String name = !isBlank(audio.id) ? "audio " + audio.id.strip() : "the audio at " + audio.url.strip();
    Duration length = AnswerValues.secondsOrNull(audio.duration);
    if (length == null || length.isZero()) {
      throw unreadable("the text-to-speech answer gives " + name + " no usable duration (" + audio.duration + ")");
    }
    if (!isBlank(audio.id)) {
      return SpokenAudio.byId(audio.id.strip(), length, AnswerValues.unitsOrNull(units));
    }
    if (taskId == null) {
      throw unreadable("the text-to-speech answer gives " + name + " without an id, naming no task_id");
    }
    try {
      return SpokenAudio.atUrl(taskId, audio.url.strip(), length, AnswerValues.unitsOrNull(units));
    } catch (InvalidRequestException e) {
      throw new ProtocolException(ErrorContext.of(VENDOR), "the text-to-speech answer gives an audio URL "
          + "that is no http(s) URL: " + Violation.abbreviate(audio.url.strip()), e);
    }
  }

  // ---- status and callbacks --------------------------------------------------------------------

  /** The snapshot in a query answer about {@code ref}. */
  static TaskSnapshot toCoreSnapshot(TaskRef ref, KlingEnvelope<TaskWire.Task> answer, ApiKey key) {
    TaskWire.Task task = dataOf(answer, key, ref);
    if (task == null) {
      throw unreadable("the status answer has no task");
    }
    return toCoreSnapshot(ref, task);
  }

  /** The snapshot of a callback's task object, which names its own task. */
  static TaskSnapshot toCoreSnapshot(TaskWire.Task task) {
    if (isBlank(task.task_id)) {
      throw unreadable("the callback names no task_id");
    }
    TaskRef ref;
    try {
      ref = new TaskRef(VENDOR, task.task_id.strip());
    } catch (IllegalArgumentException e) {
      throw unreadable("the callback's task_id cannot be recorded");
    }
    return toCoreSnapshot(ref, task);
  }

  private static TaskSnapshot toCoreSnapshot(TaskRef ref, TaskWire.Task task) {
    String word = task.task_status;
    if (isBlank(word)) {
      throw unreadable("the task has no task_status");
    }
    TaskState state = WORDS.stateOf(word);
    List<ResultVideo> videos = state == TaskState.SUCCEEDED ? videos(task.task_result) : List.of();
    if (state == TaskState.SUCCEEDED && videos.isEmpty()) {
      throw unreadable("the task succeeded without a result video URL");
    }
    // A failed task's envelope may still say "SUCCEED": the reason is the task's own.
    String reason = isBlank(task.task_status_msg) ? null : task.task_status_msg;
    return TaskSnapshot.builder(ref, state)
        .rawStatus(word)
        .videos(videos)
        .failure(state == TaskState.FAILED ? new TaskFailure(null, reason) : null)
        .createdAt(instant(task.created_at))
        .updatedAt(instant(task.updated_at))
        .billedUnits(AnswerValues.unitsOrNull(task.final_unit_deduction))
        .build();
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
   * The envelope's data, after its code: 0 (or none, with data) is success; any other code is the error
   * it means, as in a non-2xx answer.
   */
  private static <T> @Nullable T dataOf(KlingEnvelope<T> answer, ApiKey key, @Nullable TaskRef ref) {
    ENVELOPE.check(answer.code, answer.message, key, ref);
    if ((answer.code == null || answer.code.isBlank()) && answer.data == null) {
      throw unreadable("the answer is not Kling's envelope (no code, no data)");
    }
    return answer.data;
  }

  private static ProtocolException unreadable(String reason) {
    return new ProtocolException(VENDOR, reason);
  }

  private static boolean isBlank(@Nullable String text) {
    return text == null || text.isBlank();
  }

  private static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }
}
