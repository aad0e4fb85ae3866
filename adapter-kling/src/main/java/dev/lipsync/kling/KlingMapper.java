package dev.lipsync.kling;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.support.AnswerValues;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.StatusWords;
import dev.lipsync.support.upstream.AdvancedWire;
import dev.lipsync.support.upstream.IdentifyWire;
import dev.lipsync.support.upstream.KlingEnvelope;
import dev.lipsync.support.upstream.TaskWire;
import dev.lipsync.support.upstream.UpstreamMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The one translation between Kling's wire classes and core's records, both ways: the lip-sync shapes
 * through {@link UpstreamMapper}, which every adapter forwarding them shares, and Kling's text to speech.
 */
final class KlingMapper {
  static final String VENDOR = "kling";
  /** Kling's own shapes, read as Kling's: its four status words, its envelope's 0. */
  private static final UpstreamMapper UPSTREAM = UpstreamMapper.of(VENDOR);
  /** Kling's four words; any other is kept and the task taken as running. */
  private static final StatusWords WORDS = UPSTREAM.words();
  /** Why the advanced lip-sync refuses a dub of text: the gateway is to speak it first. */
  private static final String NO_TEXT =
      "the advanced lip-sync speaks no text: speak it first (/v1/audio/tts) and send its audio_id";

  private KlingMapper() {}

  // ---- identify --------------------------------------------------------------------------------

  static IdentifyWire.Request toVendorIdentify(VideoSource video) {
    return UpstreamMapper.identifyBody(video);
  }

  /**
   * The session an identify answer describes, with what the identification cost.
   *
   * @throws dev.lipsync.core.error.ContentRejectedException if Kling found no face
   */
  static FaceSession toCoreSession(KlingEnvelope<IdentifyWire.Session> answer, VideoSource video, ApiKey key) {
    return UPSTREAM.session(answer, video, key);
  }

  // ---- submit ----------------------------------------------------------------------------------

  /**
   * The body of the advanced lip-sync: the job's idempotency key goes as {@code external_task_id}, the
   * times as the integers Kling's reference types them.
   */
  static AdvancedWire.Request<AdvancedWire.FaceChoose> toVendorAdvanced(SubmitRequest request) {
    return UPSTREAM.lipSyncBody(
        request, dub -> UPSTREAM.faceChoose(new AdvancedWire.FaceChoose(), dub, Long::valueOf, NO_TEXT));
  }

  /**
   * The task a create answer names.
   *
   * @throws LipSyncException the class the envelope's error code means; an answer that names no usable
   *     task is {@link ProtocolException}, which the provider reports as {@link
   *     SubmitOutcomeUnknownException}, since a paid task may exist
   */
  static TaskRef toCoreTaskRef(KlingEnvelope<TaskWire.Task> answer, ApiKey key) {
    return UPSTREAM.taskRef(answer, key, UnaryOperator.identity());
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
    return UPSTREAM.snapshot(ref, UPSTREAM.statusTask(answer, key, ref));
  }

  /** The snapshot of a callback's task object, which names its own task. */
  static TaskSnapshot toCoreSnapshot(TaskWire.Task task) {
    return UPSTREAM.snapshot(UPSTREAM.callbackRef(task, UnaryOperator.identity()), task);
  }

  // ---- the envelope ----------------------------------------------------------------------------

  /**
   * The envelope's data, after its code: 0 (or none, with data) is success; any other code is the error
   * it means, as in a non-2xx answer.
   */
  private static <T> @Nullable T dataOf(KlingEnvelope<T> answer, ApiKey key, @Nullable TaskRef ref) {
    return UPSTREAM.dataOf(answer, key, ref);
  }

  private static ProtocolException unreadable(String reason) {
    return new ProtocolException(VENDOR, reason);
  }

  private static boolean isBlank(@Nullable String text) {
    return text == null || text.isBlank();
  }
}
