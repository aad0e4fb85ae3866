package dev.lipsync.support.upstream;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
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
import dev.lipsync.support.CallbackBodies;
import dev.lipsync.support.StatusWords;
import dev.lipsync.support.VendorBinding;
import dev.lipsync.support.VendorEnvelope;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The one translation between Kling's upstream shapes and core's records, both ways, for one vendor
 * that speaks them: Kling itself ({@link #of}) or a relay forwarding them ({@link #relayed}), whose
 * errors and records then name that vendor. It reads Kling's envelope, the identify-face session, the
 * task object (status words, videos, failure, times, units) and a callback's task id, and writes the
 * identify-face and advanced lip-sync bodies. What a vendor adds (a relay's task record, a field's other
 * name, how its page writes times, its ids' form) the vendor's mapper reads and hands in.
 *
 * <pre>{@code
 * private static final UpstreamMapper UPSTREAM = UpstreamMapper.of("kling");
 *
 * static TaskSnapshot toCoreSnapshot(TaskRef ref, KlingEnvelope<TaskWire.Task> answer, ApiKey key) {
 *   return UPSTREAM.snapshot(ref, UPSTREAM.statusTask(answer, key, ref));
 * }
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class UpstreamMapper {
  /** Kling's four status words; any other is kept and the task taken as running. */
  private static final Map<String, TaskState> KLING_WORDS = Map.of(
      "submitted", TaskState.QUEUED,
      "processing", TaskState.RUNNING,
      "succeed", TaskState.SUCCEEDED,
      "failed", TaskState.FAILED);
  /** Kling's envelope code for success; any other code speaks even in a 2xx answer. */
  private static final String KLING_SUCCESS = "0";

  private final String vendor;
  private final StatusWords words;
  private final VendorEnvelope envelope;
  private final VendorBinding own;

  private UpstreamMapper(String vendor, StatusWords words, VendorEnvelope envelope) {
    this.vendor = vendor;
    this.words = words;
    this.envelope = envelope;
    this.own = VendorBinding.of(vendor);
  }

  /** The mapper of {@code vendor}, which answers in Kling's words and envelope alone. */
  public static UpstreamMapper of(String vendor) {
    return relayed(vendor, Map.of());
  }

  /**
   * The mapper of a relay {@code vendor} whose answers may also carry its own status words and
   * envelope success codes, beside Kling's.
   *
   * @param relayWords the relay's status words and the states they mean
   * @param relaySuccessCodes the relay's envelope codes for success
   */
  public static UpstreamMapper relayed(
      String vendor, Map<String, TaskState> relayWords, String... relaySuccessCodes) {
    Objects.requireNonNull(vendor, "vendor == null");
    Map<String, TaskState> all = new HashMap<>(KLING_WORDS);
    all.putAll(relayWords);
    String[] codes = new String[relaySuccessCodes.length + 1];
    codes[0] = KLING_SUCCESS;
    System.arraycopy(relaySuccessCodes, 0, codes, 1, relaySuccessCodes.length);
    return new UpstreamMapper(vendor, StatusWords.of(vendor, all), VendorEnvelope.of(vendor, codes));
  }

  /** The status words this mapper reads, Kling's and the relay's, for a task of another shape. */
  public StatusWords words() {
    return words;
  }

  /**
   * Reads a callback body in either shape a vendor posts Kling's task in: the bare task object, or the
   * task under an envelope's {@code data} (see {@link CallbackBodies#taskOrEnvelope}).
   *
   * @param type the task class the vendor reads, {@link TaskWire.Task} or a subclass
   */
  public static <T extends TaskWire.Task> CallbackBodies.Parser<T> callbackParser(Moshi moshi, Class<T> type) {
    JsonAdapter<KlingEnvelope<T>> enveloped =
        moshi.adapter(Types.newParameterizedType(KlingEnvelope.class, type));
    return CallbackBodies.taskOrEnvelope(moshi.adapter(type), enveloped, envelope -> envelope.data);
  }

  // ---- the envelope ----------------------------------------------------------------------------

  /**
   * The envelope's data, after its code: 0 (or a relay's success code, or none, with data) is success;
   * any other code is the error it means, as it would be in a non-2xx answer.
   *
   * @param ref the task the answer is about, if known, so that an error names it
   * @throws LipSyncException the class the envelope's error code means
   * @throws ProtocolException if the answer has neither code nor data
   */
  public <T> @Nullable T dataOf(KlingEnvelope<T> answer, ApiKey key, @Nullable TaskRef ref) {
    envelope.check(answer.code, answer.message, key, ref);
    if ((answer.code == null || answer.code.isBlank()) && answer.data == null) {
      throw unreadable("the answer is not Kling's envelope (no code, no data)");
    }
    return answer.data;
  }

  // ---- identify --------------------------------------------------------------------------------

  /**
   * The identify-face body for {@code video}: its URL, or its Kling video id (a provider refuses
   * another vendor's video id before).
   */
  public static IdentifyWire.Request identifyBody(VideoSource video) {
    IdentifyWire.Request body = new IdentifyWire.Request();
    switch (video.kind()) {
      case URL -> body.video_url = ((VideoSource.Url) video).url().toString();
      case VENDOR_VIDEO -> body.video_id = ((VideoSource.VendorVideo) video).videoId();
    }
    return body;
  }

  /**
   * The session an identify answer about {@code video} describes, with what the identification cost.
   *
   * @throws LipSyncException the class the envelope's error code means
   * @throws ProtocolException if the answer names no session, or a face without an id
   * @throws ContentRejectedException if the vendor found no face
   */
  public FaceSession session(
      KlingEnvelope<? extends IdentifyWire.Session> answer, VideoSource video, ApiKey key) {
    IdentifyWire.Session session = dataOf(answer, key, null);
    if (session == null || isBlank(session.session_id)) {
      throw unreadable("the identify answer has no session_id");
    }
    List<Face> faces = new ArrayList<>();
    List<IdentifyWire.FaceData> listed = session.face_data == null ? List.of() : session.face_data;
    for (IdentifyWire.FaceData face : listed) {
      if (face == null || isBlank(face.face_id)) {
        throw unreadable("the identify answer lists a face without face_id");
      }
      faces.add(new Face(face.face_id, face.start_time, face.end_time,
          AnswerValues.httpUrlOrNull(face.face_image), null));
    }
    if (faces.isEmpty()) {
      // Nobody to dub: the video is the problem, and every vendor would say the same of it.
      throw new ContentRejectedException(
          ErrorContext.of(vendor), "the vendor found no face in the video", null);
    }
    return new FaceSession(vendor, session.session_id, video, faces,
        AnswerValues.unitsOrNull(session.final_unit_deduction));
  }

  // ---- submit ----------------------------------------------------------------------------------

  /**
   * The advanced lip-sync body of {@code request}: its session, one {@code face_choose[]} entry per dub
   * as {@code face} writes it (usually with {@link #faceChoose}), its callback URL, its idempotency key
   * as {@code external_task_id}, and the watermark when asked for.
   */
  public <F extends AdvancedWire.FaceChoose> AdvancedWire.Request<F> lipSyncBody(
      SubmitRequest request, Function<ResolvedDub, F> face) {
    AdvancedWire.Request<F> body = new AdvancedWire.Request<>();
    body.session_id = request.session().sessionId();
    List<F> faces = new ArrayList<>();
    for (ResolvedDub dub : request.dubs()) {
      faces.add(face.apply(dub));
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

  /**
   * {@code face}, given the face, audio, clip, insert time and volumes of {@code dub}; returned.
   *
   * @param time writes a time in milliseconds as the vendor reads it ({@code Long::valueOf} for Kling)
   * @param noText why the vendor's advanced lip-sync takes no text: the message of the error a spoken
   *     dub meets
   * @throws NotSupportedException if the dub is text to speak, or names another vendor's audio id
   */
  public <F extends AdvancedWire.FaceChoose> F faceChoose(
      F face, ResolvedDub dub, LongFunction<?> time, String noText) {
    face.face_id = dub.face().id();
    AudioSource audio = dub.audio();
    switch (audio.kind()) {
      case URL -> face.sound_file = ((AudioSource.AudioUrl) audio).url().toString();
      case BYTES -> face.sound_file = ((AudioSource.AudioBytes) audio).base64();
      case VENDOR_AUDIO -> {
        AudioSource.VendorAudioId id = (AudioSource.VendorAudioId) audio;
        own.requireOwnId("audio id " + id.id(), id.vendor());
        face.audio_id = id.id();
      }
      case SPEECH -> throw new NotSupportedException(vendor, noText);
    }
    // The three times are required upstream: sent whether or not the job set them.
    AudioClip clip = dub.requiredClip();
    face.sound_start_time = time.apply(clip.startMs());
    face.sound_end_time = time.apply(clip.endMs());
    face.sound_insert_time = time.apply(dub.insertAtMsOrDefault());
    face.sound_volume = dub.volume();
    face.original_audio_volume = dub.originalVolume();
    return face;
  }

  /**
   * The task a create answer names.
   *
   * @param refTaskId the id to record in the ref for the vendor's task id (the identity, unless the
   *     vendor tells endpoints apart in it)
   * @throws LipSyncException the class the envelope's error code means; an answer that names no usable
   *     task is {@link ProtocolException}, which a provider reports as an unknown outcome, since a paid
   *     task may exist
   */
  public TaskRef taskRef(
      KlingEnvelope<? extends TaskWire.Task> answer, ApiKey key, UnaryOperator<String> refTaskId) {
    TaskWire.Task task = dataOf(answer, key, null);
    if (task == null || isBlank(task.task_id)) {
      throw unreadable("the vendor answered the submit without a task_id");
    }
    try {
      return new TaskRef(vendor, refTaskId.apply(task.task_id.strip()));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorContext.of(vendor),
          "the vendor answered the submit with a task_id that cannot be recorded", e);
    }
  }

  // ---- status and callbacks --------------------------------------------------------------------

  /**
   * The task in a status answer about {@code ref}.
   *
   * @throws LipSyncException the class the envelope's error code means, naming {@code ref}
   * @throws ProtocolException if the answer carries no task
   */
  public <T extends TaskWire.Task> T statusTask(KlingEnvelope<T> answer, ApiKey key, TaskRef ref) {
    T task = dataOf(answer, key, ref);
    if (task == null) {
      throw unreadable("the status answer has no task");
    }
    return task;
  }

  /**
   * The ref of the task a callback's task object names.
   *
   * @param refTaskId the id to record in the ref for the vendor's task id, as {@link #taskRef} made it
   * @throws ProtocolException if it names none, or one that cannot be recorded
   */
  public TaskRef callbackRef(TaskWire.Task task, UnaryOperator<String> refTaskId) {
    if (isBlank(task.task_id)) {
      throw unreadable("the callback names no task_id");
    }
    try {
      return new TaskRef(vendor, refTaskId.apply(task.task_id.strip()));
    } catch (IllegalArgumentException e) {
      throw unreadable("the callback's task_id cannot be recorded");
    }
  }

  /**
   * The snapshot of Kling's task object about {@code ref}.
   *
   * @throws ProtocolException if it has no status word, or succeeded without a usable video URL
   */
  public TaskSnapshot snapshot(TaskRef ref, TaskWire.Task task) {
    return snapshot(ref, task, RelayRecord.NONE);
  }

  /**
   * The snapshot of Kling's task object about {@code ref}, which a relay's own record of the task
   * carried: what the record says counts where the task does not say it.
   *
   * @throws ProtocolException if neither has a status word, or the task succeeded without a usable
   *     video URL
   */
  public TaskSnapshot snapshot(TaskRef ref, TaskWire.Task task, RelayRecord relay) {
    String word = !isBlank(task.task_status) ? task.task_status : relay.status();
    if (isBlank(word)) {
      throw unreadable("the task has no task_status");
    }
    TaskState state = words.stateOf(word);
    List<ResultVideo> videos = state == TaskState.SUCCEEDED ? videos(task.task_result) : List.of();
    URI recorded = AnswerValues.httpUrlOrNull(relay.resultUrl());
    if (state == TaskState.SUCCEEDED && videos.isEmpty() && recorded != null) {
      videos = List.of(ResultVideo.of(recorded));
    }
    if (state == TaskState.SUCCEEDED && videos.isEmpty()) {
      throw unreadable("the task succeeded without a result video URL");
    }
    // A failed task's envelope may still say "SUCCEED": the reason is the task's own.
    String reason = !isBlank(task.task_status_msg) ? task.task_status_msg
        : isBlank(relay.failReason()) ? null : relay.failReason();
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
   * What a relay's own record of a task says beside the Kling task it carries, each read only where
   * the task is silent; all null for Kling's task alone.
   *
   * @param status the record's status word, in the relay's words or Kling's
   * @param failReason why the task failed
   * @param resultUrl the result video's URL
   */
  public record RelayRecord(@Nullable String status, @Nullable String failReason, @Nullable String resultUrl) {
    /** Nothing beside the task: Kling's own answer. */
    public static final RelayRecord NONE = new RelayRecord(null, null, null);
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

  // ---- small readers ---------------------------------------------------------------------------

  private ProtocolException unreadable(String reason) {
    return new ProtocolException(vendor, reason);
  }

  private static boolean isBlank(@Nullable String text) {
    return text == null || text.isBlank();
  }

  private static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  @Override
  public String toString() {
    return "UpstreamMapper[" + vendor + "]";
  }
}
