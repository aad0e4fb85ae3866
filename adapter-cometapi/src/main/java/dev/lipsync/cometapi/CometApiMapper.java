package dev.lipsync.cometapi;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.VendorBinding;
import dev.lipsync.support.upstream.AdvancedWire;
import dev.lipsync.support.upstream.IdentifyWire;
import dev.lipsync.support.upstream.KlingEnvelope;
import dev.lipsync.support.upstream.UpstreamMapper;
import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one translation between CometAPI's wire classes and core's records, both ways: Kling's shapes,
 * which CometAPI forwards, through {@link UpstreamMapper}, and what CometAPI adds to them here (its
 * relay record, its page's names and times, the older endpoint).
 */
final class CometApiMapper {
  static final String VENDOR = "cometapi";
  private static final VendorBinding OWN = VendorBinding.of(VENDOR);

  /**
   * Kling's words ({@code submitted} ... {@code failed}) and envelope (0 is success, and any other code
   * speaks even in a 2xx answer), and besides them those of the relay's own task record ({@code
   * NOT_START}, {@code QUEUED}, {@code IN_PROGRESS}, {@code SUCCESS}, {@code FAILURE}; its {@code
   * UNKNOWN} stays unknown, so the task is taken as running), whose envelope says {@code "success"}.
   */
  private static final UpstreamMapper UPSTREAM = UpstreamMapper.relayed(VENDOR, Map.of(
      "not_start", TaskState.QUEUED,
      "queued", TaskState.QUEUED,
      "in_progress", TaskState.RUNNING,
      "success", TaskState.SUCCEEDED,
      "failure", TaskState.FAILED), "success");
  /** How deep a relay's record may nest the upstream answer ({@code data}, then Kling's {@code data}). */
  private static final int MAX_RECORD_DEPTH = 3;
  private static final double DEFAULT_VOICE_SPEED = 1.0;
  /** Why the advanced endpoint refuses a dub of text: text goes to the older endpoint. */
  private static final String NO_TEXT = "the advanced endpoint speaks no text";

  private CometApiMapper() {}

  // ---- identify --------------------------------------------------------------------------------

  static IdentifyWire.Request toVendorIdentify(VideoSource video) {
    return UpstreamMapper.identifyBody(video);
  }

  static FaceSession toCoreSession(KlingEnvelope<RelayWire.Session> answer, VideoSource video, ApiKey key) {
    RelayWire.Session session = answer.data;
    // A relay may list the faces as face_list: read as if upstream had named them face_data.
    if (session != null && session.face_data == null) {
      session.face_data = session.face_list;
    }
    return UPSTREAM.session(answer, video, key);
  }

  // ---- submit ----------------------------------------------------------------------------------

  static AdvancedWire.Request<RelayWire.FaceChoose> toVendorAdvanced(
      SubmitRequest request, CometApiProvider.Times times) {
    return UPSTREAM.lipSyncBody(request, dub -> {
      RelayWire.FaceChoose face = UPSTREAM.faceChoose(new RelayWire.FaceChoose(), dub, times::write, NO_TEXT);
      face.original_sound_volume = face.original_audio_volume;
      return face;
    });
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
  static TaskRef toCoreTaskRef(KlingEnvelope<RelayWire.Task> answer, LipSyncEndpoint endpoint, ApiKey key) {
    return UPSTREAM.taskRef(answer, key, endpoint::refTaskId);
  }

  // ---- status and callbacks --------------------------------------------------------------------

  /** The snapshot in a status answer about {@code ref}. */
  static TaskSnapshot toCoreSnapshot(TaskRef ref, KlingEnvelope<RelayWire.Task> answer, ApiKey key) {
    return toCoreSnapshot(ref, UPSTREAM.statusTask(answer, key, ref));
  }

  /** The snapshot of a callback's task object; its tasks come from the advanced endpoint only. */
  static TaskSnapshot toCoreSnapshot(RelayWire.Task task) {
    return toCoreSnapshot(UPSTREAM.callbackRef(task, LipSyncEndpoint.ADVANCED::refTaskId), task);
  }

  /**
   * The snapshot of a task object: Kling's, or the relay's own record, whose status word, failure and
   * {@code result_url} count where the upstream answer it carries under {@code data} does not say.
   */
  private static TaskSnapshot toCoreSnapshot(TaskRef ref, RelayWire.Task answered) {
    return UPSTREAM.snapshot(ref, upstream(answered),
        new UpstreamMapper.RelayRecord(answered.status, answered.fail_reason, answered.result_url));
  }

  /**
   * The upstream task a relay's record carries under {@code data} (under {@code data.data} when it kept
   * Kling's envelope), or the task object itself when it is Kling's.
   */
  private static RelayWire.Task upstream(RelayWire.Task answered) {
    RelayWire.Task current = answered;
    for (int depth = 0; depth < MAX_RECORD_DEPTH && isBlank(current.task_status) && current.data != null; depth++) {
      current = current.data;
    }
    return isBlank(current.task_status) ? answered : current;
  }

  // ---- small readers and writers ---------------------------------------------------------------

  private static boolean isBlank(@Nullable String text) {
    return text == null || text.isBlank();
  }

  private static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
