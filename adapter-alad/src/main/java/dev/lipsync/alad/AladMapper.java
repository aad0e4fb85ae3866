package dev.lipsync.alad;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.BoundingBox;
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
import dev.lipsync.support.VendorEnvelope;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Between alad's wire format and core's records, both ways. Reads every documented variant (two
 * identify shapes, two create shapes, two status shapes); writes the documented request.
 */
final class AladMapper {
  static final String VENDOR = "alad";

  /**
   * Every word of both status shapes. The guide's are lower case, the generic record's upper case
   * (case is ignored). {@code not_start} and {@code in_progress} are further words of the relay
   * software whose task record the generic shape is; {@code succeed} is the upstream task's own,
   * read when an answer gives no other word.
   */
  static final StatusWords WORDS = StatusWords.of(VENDOR, Map.ofEntries(
      Map.entry("queued", TaskState.QUEUED),
      Map.entry("processing", TaskState.RUNNING),
      Map.entry("succeeded", TaskState.SUCCEEDED),
      Map.entry("failed", TaskState.FAILED),
      Map.entry("submitted", TaskState.QUEUED),
      Map.entry("success", TaskState.SUCCEEDED),
      Map.entry("failure", TaskState.FAILED),
      Map.entry("not_start", TaskState.QUEUED),
      Map.entry("in_progress", TaskState.RUNNING),
      Map.entry("succeed", TaskState.SUCCEEDED)));

  private AladMapper() {}

  // ---- to the vendor ---------------------------------------------------------------------------

  static IdentifyBody toVendorIdentify(VideoSource video) {
    IdentifyBody body = new IdentifyBody();
    switch (video.kind()) {
      case URL -> body.video_url = ((VideoSource.Url) video).url().toString();
      case VENDOR_VIDEO -> body.video_id = ((VideoSource.VendorVideo) video).videoId();
    }
    return body;
  }

  /**
   * The create body for a request that {@link dev.lipsync.core.provider.Capabilities#modeFor} has
   * accepted: one dub, whose face's picture, if it has one, tells alad the face; without one, the
   * session has one face or the job left the choice to alad.
   *
   * @throws NotSupportedException for a setting the body has no field for, so it is never dropped
   */
  static LipSyncBody toVendorLipSync(SubmitRequest request) {
    ResolvedDub dub = request.dubs().get(0);
    LipSyncBody body = new LipSyncBody();
    body.input.session_id = request.session().sessionId();
    // The picture of the chosen face (alad's own, or another vendor's that the gateway passed on): the
    // only way alad can be told which face to dub, as it takes no face id.
    URI image = dub.face().imageUrl();
    if (image != null) {
      body.input.face_image_url = image.toString();
    }
    AudioSource audio = dub.audio();
    switch (audio.kind()) {
      case URL -> body.input.audio_url = ((AudioSource.AudioUrl) audio).url().toString();
      case SPEECH -> {
        // Its mode declares no voice speed, so modeFor has refused any speed but normal.
        AudioSource.Speech speech = (AudioSource.Speech) audio;
        body.input.text = speech.text();
        body.input.voice_id = speech.voiceId();
        body.input.voice_language = speech.language().code();
      }
      case BYTES, VENDOR_AUDIO ->
          throw new NotSupportedException(VENDOR, "takes audio by URL or as text to speak only");
    }
    return body;
  }

  // ---- to core ---------------------------------------------------------------------------------

  /** Kling's 0, or the word of the relay software whose task record alad's generic shape is. */
  private static final VendorEnvelope ENVELOPE = VendorEnvelope.of(VENDOR, "0", "success");

  /** Throws the error an answer's envelope reports, if any. */
  private static void checkEnvelope(Envelope answer, ApiKey key, @Nullable TaskRef ref) {
    ENVELOPE.check(answer.code, firstNonBlank(answer.message, answer.msg), key, ref);
  }

  /**
   * The session an identify answer opens.
   *
   * @throws LipSyncException the error its envelope reports, or {@link ProtocolException} when it
   *     names no session or lists a face without an id
   */
  static FaceSession toCoreSession(IdentifyAnswer answer, VideoSource video, ApiKey key) {
    checkEnvelope(answer, key, null);
    IdentifyAnswer.Data data = answer.data;
    String sessionId = data == null ? null : firstNonBlank(data.session_id);
    if (data == null || sessionId == null) {
      throw protocol(null, "the identify answer carries no data.session_id");
    }
    // One face may come in both lists; its box and its times end up in one Face.
    Map<String, Face> faces = new LinkedHashMap<>();
    for (IdentifyAnswer.ListedFace listed : orEmpty(data.face_list)) {
      if (listed != null) {
        String id = faceId(listed.face_id);
        faces.put(id, new Face(id, null, null, null, toCoreBox(listed.face_rect)));
      }
    }
    for (IdentifyAnswer.KlingFace kling : orEmpty(data.face_data)) {
      if (kling != null) {
        String id = faceId(kling.face_id);
        Face listed = faces.get(id);
        faces.put(id, new Face(id, kling.start_time, kling.end_time,
            AnswerValues.httpUrlOrNull(kling.face_image),
            listed == null ? null : listed.box()));
      }
    }
    return new FaceSession(VENDOR, sessionId.strip(), video, List.copyOf(faces.values()));
  }

  /**
   * The task a create answer names.
   *
   * @throws LipSyncException the error its envelope reports; an answer that names no task, or whose
   *     error cannot be classified, is {@link ProtocolException}, which the provider reports as {@link
   *     SubmitOutcomeUnknownException}, as a task may exist
   */
  static TaskRef toCoreTaskRef(CreateAnswer answer, ApiKey key) {
    checkEnvelope(answer, key, null);
    String id = firstNonBlank(answer.task_id, answer.data == null ? null : answer.data.task_id);
    if (id == null) {
      throw protocol(null, "the submit was answered without a task id (neither task_id nor data.task_id)");
    }
    try {
      return new TaskRef(VENDOR, id.strip());
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          ErrorContext.of(VENDOR), "the submit was answered with an unusable task id", e);
    }
  }

  /**
   * How the task stands, from a status answer in either shape.
   *
   * <p>The word is read where each shape puts it: the generic record's {@code data.status} first,
   * else the first {@code task_status} going down (the guide's, at {@code data.data.task_status};
   * also found beside the nested task, at {@code data.task_status}). The video is the first {@code
   * task_result} going down ({@code data.data.task_result}, {@code data.data.data.task_result}).
   */
  static TaskSnapshot toCoreSnapshot(TaskRef ref, TaskAnswer answer, ApiKey key) {
    checkEnvelope(answer, key, ref);
    return snapshot(ref, levels(answer));
  }

  /**
   * A callback body, read like a status answer: alad documents no callback of its own, so the
   * shapes it answers with are taken, as well as a bare task object (Kling posts that).
   */
  static TaskSnapshot toCoreCallback(TaskAnswer answer) {
    List<TaskAnswer> levels = levels(answer);
    String id = answer.task_id;
    for (TaskAnswer level : levels) {
      id = firstNonBlank(id, level.task_id);
    }
    if (id == null) {
      throw protocol(null, "the callback names no task_id");
    }
    TaskRef ref;
    try {
      ref = new TaskRef(VENDOR, id.strip());
    } catch (IllegalArgumentException e) {
      throw protocol(null, "the callback names an unusable task id");
    }
    return snapshot(ref, levels);
  }

  private static TaskSnapshot snapshot(TaskRef ref, List<TaskAnswer> levels) {
    String word = word(levels);
    if (word == null) {
      throw protocol(ref, "the answer carries no status word (data.status or data.data.task_status)");
    }
    TaskState state = WORDS.stateOf(word);
    TaskAnswer task = upstreamTask(levels);
    TaskSnapshot.Builder snapshot = TaskSnapshot.builder(ref, state)
        .rawStatus(word)
        .createdAt(task == null ? null : instant(task.created_at))
        .updatedAt(task == null ? null : instant(task.updated_at))
        .billedUnits(task == null ? null : AnswerValues.unitsOrNull(task.final_unit_deduction));
    if (state == TaskState.SUCCEEDED) {
      List<ResultVideo> videos = videos(ref, levels);
      if (videos.isEmpty()) {
        throw protocol(ref, "the task succeeded (\"" + word + "\") but the answer holds no video URL");
      }
      snapshot.videos(videos);
    } else if (state == TaskState.FAILED) {
      snapshot.failure(new TaskFailure(null, failureMessage(levels)));
    }
    return snapshot.build();
  }

  /** The levels under the envelope, outermost first; a bare object without data is its own level. */
  private static List<TaskAnswer> levels(TaskAnswer answer) {
    List<TaskAnswer> levels = new ArrayList<>();
    for (TaskAnswer level = answer.data != null ? answer.data : answer; level != null; level = level.data) {
      levels.add(level);
    }
    return levels;
  }

  private static @Nullable String word(List<TaskAnswer> levels) {
    for (TaskAnswer level : levels) {
      if (firstNonBlank(level.status) != null) {
        return level.status;
      }
    }
    for (TaskAnswer level : levels) {
      if (firstNonBlank(level.task_status) != null) {
        return level.task_status;
      }
    }
    return null;
  }

  /** The upstream task object, whose times are epoch milliseconds (the relay's record uses seconds). */
  private static @Nullable TaskAnswer upstreamTask(List<TaskAnswer> levels) {
    for (TaskAnswer level : levels) {
      if (level.task_result != null) {
        return level;
      }
    }
    for (TaskAnswer level : levels) {
      if (level.task_status != null) {
        return level;
      }
    }
    return null;
  }

  private static List<ResultVideo> videos(TaskRef ref, List<TaskAnswer> levels) {
    List<ResultVideo> videos = new ArrayList<>();
    for (TaskAnswer level : levels) {
      if (level.task_result != null) {
        for (TaskAnswer.Video video : orEmpty(level.task_result.videos)) {
          if (video != null && firstNonBlank(video.url) != null) {
            videos.add(new ResultVideo(resultUrl(ref, video.url), AnswerValues.secondsOrNull(video.duration),
                firstNonBlank(video.id)));
          }
        }
        return videos;
      }
    }
    // No upstream answer with videos: the relay's record may still name the video.
    for (TaskAnswer level : levels) {
      if (firstNonBlank(level.result_url) != null) {
        videos.add(ResultVideo.of(resultUrl(ref, level.result_url)));
        return videos;
      }
    }
    return videos;
  }

  private static @Nullable String failureMessage(List<TaskAnswer> levels) {
    for (TaskAnswer level : levels) {
      if (firstNonBlank(level.fail_reason) != null) {
        return level.fail_reason.strip();
      }
    }
    for (TaskAnswer level : levels) {
      if (firstNonBlank(level.task_status_msg) != null) {
        return level.task_status_msg.strip();
      }
    }
    return null;
  }

  private static URI resultUrl(TaskRef ref, String url) {
    URI uri = AnswerValues.httpUrlOrNull(url);
    if (uri == null) {
      throw protocol(ref, "the result video URL is not an absolute http(s) URL");
    }
    return uri;
  }

  private static @Nullable BoundingBox toCoreBox(IdentifyAnswer.@Nullable Rect rect) {
    if (rect == null || rect.x == null || rect.y == null || rect.width == null || rect.height == null) {
      return null;
    }
    return new BoundingBox(pixels(rect.x), pixels(rect.y), pixels(rect.width), pixels(rect.height));
  }

  private static int pixels(double value) {
    return Math.toIntExact(Math.round(value));
  }

  private static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  private static String faceId(@Nullable String id) {
    String faceId = firstNonBlank(id);
    if (faceId == null) {
      throw protocol(null, "the identify answer lists a face without a face_id");
    }
    return faceId.strip();
  }

  private static @Nullable String firstNonBlank(@Nullable String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  private static ProtocolException protocol(@Nullable TaskRef ref, String reason) {
    return new ProtocolException(ErrorContext.of(VENDOR).withTaskRef(ref), reason, null);
  }
}
