package dev.lipsync.apimodels;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.TaskFailedException;
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
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.StatusWords;
import dev.lipsync.support.VendorEnvelope;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps between apimodels' wire DTOs and core records. Reading is tolerant (every spelling the README
 * lists); anything a snapshot or session cannot do without is required, and its absence is a {@link
 * ProtocolException}. Nothing else escapes from here.
 */
final class ApiModelsMapper {
  static final String VENDOR = "apimodels";

  /**
   * apimodels' own words, then those of a platform with the same task schema ({@code taskId, state,
   * param, resultJson, failCode, failMsg, ...}): {@code waiting}, {@code queuing}, {@code generating},
   * {@code success}, {@code fail}. A word no mapping knows is still taken as running until the deadline.
   */
  static final StatusWords WORDS = StatusWords.of(VENDOR, Map.of(
      "pending", TaskState.QUEUED,
      "processing", TaskState.RUNNING,
      "completed", TaskState.SUCCEEDED,
      "failed", TaskState.FAILED,
      "waiting", TaskState.QUEUED,
      "queuing", TaskState.QUEUED,
      "generating", TaskState.RUNNING,
      "success", TaskState.SUCCEEDED,
      "fail", TaskState.FAILED));

  /** The vendor's ways of saying that a video shows no usable face ("no faces found", ...). */
  private static final Pattern NO_FACE = Pattern.compile(
      "\\bno (?:human |valid |usable |detectable )?faces?\\b"
          + "|\\bfaces? (?:was |were )?not (?:found|detected)\\b"
          + "|\\bnot detect(?:ed)? any faces?\\b",
      Pattern.CASE_INSENSITIVE);

  private ApiModelsMapper() {}

  // ---- to the vendor ---------------------------------------------------------------------------

  /** The identify request; apimodels documents only the video URL. */
  static IdentifyRequest toVendorIdentify(VideoSource video) {
    if (video instanceof VideoSource.Url url) {
      return new IdentifyRequest(url.url().toString());
    }
    throw new NotSupportedException(VENDOR, "takes no video by vendor video id, only a video URL");
  }

  /**
   * The lip-sync request: the session, and per dub its face and audio, the clip and insert time always,
   * and the volumes only when set. The request must have passed the capability check.
   */
  static LipSyncRequest toVendorLipSync(SubmitRequest request) {
    List<LipSyncRequest.ChosenFace> faces = new ArrayList<>();
    for (ResolvedDub dub : request.dubs()) {
      // The three times are required by Kling, to which apimodels forwards the faces as they are.
      AudioClip clip = dub.requiredClip();
      faces.add(new LipSyncRequest.ChosenFace(
          dub.face().id(), soundFile(dub.audio()), clip.startMs(), clip.endMs(), dub.insertAtMsOrDefault(),
          dub.volume(), dub.originalVolume()));
    }
    URI callback = request.callbackUrl();
    return new LipSyncRequest(
        request.session().sessionId(), faces, callback == null ? null : callback.toString());
  }

  private static String soundFile(AudioSource audio) {
    return switch (audio.kind()) {
      case URL -> ((AudioSource.AudioUrl) audio).url().toString();
      case BYTES, VENDOR_AUDIO, SPEECH ->
          throw new NotSupportedException(VENDOR, "takes audio by URL only, not " + audio);
    };
  }

  // ---- from the vendor -------------------------------------------------------------------------

  /** apimodels says 200; upstream Kling's envelope, which some answers pass through, says 0. */
  private static final VendorEnvelope ENVELOPE = VendorEnvelope.of(VENDOR, "200", "0");

  /**
   * The task in an answer. An envelope whose {@code code} is not a success code is an error even at
   * HTTP 200: it becomes the exception its code means, read as an HTTP status, with {@code msg} kept.
   */
  static TaskData dataOf(@Nullable Envelope envelope, ApiKey key) {
    if (envelope == null) {
      throw protocol("an empty answer");
    }
    ENVELOPE.check(envelope.code, first(blankToNull(envelope.msg), blankToNull(envelope.message)), key, null);
    if (envelope.data == null) {
      throw protocol("an answer without data");
    }
    return envelope.data;
  }

  /** The task a create answer names. */
  static TaskRef toCoreTaskRef(TaskData data) {
    String id = first(blankToNull(data.taskId), blankToNull(data.task_id));
    if (id == null) {
      throw protocol("an answer without a task id");
    }
    try {
      return new TaskRef(VENDOR, id.strip());
    } catch (IllegalArgumentException e) {
      throw protocol("a task id that cannot be kept: " + e.getMessage());
    }
  }

  /** A lip-sync task as a status answer describes it. */
  static TaskSnapshot toCoreSnapshot(TaskRef ref, TaskData data) {
    String word = stateOf(data);
    TaskState state = WORDS.stateOf(word);
    ResultJson result = data.resultJson;
    List<String> urls = first(
        data.resultUrls,
        data.result_urls,
        result == null ? null : result.resultUrls,
        result == null ? null : result.result_urls);
    Double seconds = result == null ? null : first(result.videoDuration, result.video_duration);
    List<ResultVideo> videos = toCoreVideos(urls, seconds);
    if (state == TaskState.SUCCEEDED && videos.isEmpty()) {
      throw protocol("a completed task without a result URL");
    }
    TaskFailure failure = failureOf(data);
    return TaskSnapshot.builder(ref, state)
        .rawStatus(word)
        .videos(state == TaskState.SUCCEEDED ? videos : List.of())
        .failure(failure != null ? failure : state == TaskState.FAILED ? new TaskFailure(null, null) : null)
        .createdAt(instant(data.createTime))
        .updatedAt(instant(data.completeTime))
        .build();
  }

  /** A callback: the same task object, naming its own task. */
  static TaskSnapshot toCoreCallback(@Nullable Envelope envelope) {
    // The callback reports the task's end in data.state; its envelope code says nothing more.
    if (envelope == null || envelope.data == null) {
      throw protocol("a callback without data");
    }
    return toCoreSnapshot(toCoreTaskRef(envelope.data), envelope.data);
  }

  /**
   * One poll of an identify task: the session once it is completed, not yet while it runs.
   *
   * @throws ContentRejectedException when the vendor found no face
   * @throws TaskFailedException when the identify task failed otherwise
   */
  static Poll<FaceSession> toCoreIdentifyPoll(TaskRef task, VideoSource video, TaskData data) {
    String word = stateOf(data);
    return switch (WORDS.stateOf(word)) {
      case SUCCEEDED -> Poll.done(toCoreFaceSession(video, identifyResult(data)));
      case FAILED -> throw identifyFailure(task, word, data);
      case QUEUED, RUNNING -> Poll.pending(word);
    };
  }

  /**
   * Where a finished identify task holds its result: {@code faceData} (or {@code face_data}), else the
   * {@code resultJson} string, as the vendor's localized page documents it, with the session and faces
   * at its top or under its own {@code faceData}.
   */
  private static @Nullable FaceData identifyResult(TaskData data) {
    FaceData direct = first(data.faceData, data.face_data);
    if (direct != null || data.resultJson == null) {
      return direct;
    }
    ResultJson result = data.resultJson;
    boolean holdsSession = blankToNull(result.session_id) != null || blankToNull(result.sessionId) != null;
    return result.faceData != null ? result.faceData : holdsSession ? result : null;
  }

  /** The session a finished identify task found. No face at all is a session without faces. */
  static FaceSession toCoreFaceSession(VideoSource video, @Nullable FaceData faceData) {
    if (faceData == null) {
      throw protocol("a completed identification without faceData");
    }
    String sessionId = first(blankToNull(faceData.session_id), blankToNull(faceData.sessionId));
    if (sessionId == null) {
      throw protocol("a completed identification without a session id");
    }
    List<FaceData.FaceItem> items = first(faceData.face_list, faceData.faceList, faceData.face_data);
    List<Face> faces = new ArrayList<>();
    for (FaceData.FaceItem item : items == null ? List.<FaceData.FaceItem>of() : items) {
      String id = item == null ? null : first(blankToNull(item.face_id), blankToNull(item.faceId));
      if (id == null) {
        throw protocol("a face without a face id");
      }
      String image = first(
          blankToNull(item.face_reference), blankToNull(item.faceReference), blankToNull(item.face_image));
      faces.add(new Face(id, item.start_time, item.end_time, image == null ? null : uriOrNull(image), null));
    }
    return new FaceSession(VENDOR, sessionId, video, faces);
  }

  private static LipSyncException identifyFailure(TaskRef task, String word, TaskData data) {
    TaskFailure failure = failureOf(data);
    String code = failure == null ? null : failure.code();
    // The key is masked where the answer entered (adapter-support), before this reads it.
    String message = failure == null ? null : failure.message();
    if (message != null && NO_FACE.matcher(message).find()) {
      return new ContentRejectedException(
          new ErrorContext(VENDOR, 0, code, message, task), "the vendor found no face in the video", null);
    }
    return new TaskFailedException(TaskSnapshot.builder(task, TaskState.FAILED)
        .rawStatus(word)
        .failure(new TaskFailure(code, message))
        .createdAt(instant(data.createTime))
        .updatedAt(instant(data.completeTime))
        .build());
  }

  private static String stateOf(TaskData data) {
    String word = blankToNull(data.state);
    if (word == null) {
      throw protocol("a task answer without a state");
    }
    return word.strip();
  }

  private static @Nullable TaskFailure failureOf(TaskData data) {
    String code = first(blankToNull(data.failCode), blankToNull(data.fail_code));
    String message = first(blankToNull(data.failMsg), blankToNull(data.fail_msg));
    return code == null && message == null ? null : new TaskFailure(code, message);
  }

  private static List<ResultVideo> toCoreVideos(@Nullable List<String> urls, @Nullable Double seconds) {
    if (urls == null) {
      return List.of();
    }
    Duration duration = seconds == null || !(seconds >= 0) || seconds.isInfinite()
        ? null : Duration.ofMillis(Math.round(seconds * 1000));
    List<ResultVideo> videos = new ArrayList<>();
    for (String url : urls) {
      if (url == null || url.isBlank()) {
        continue;
      }
      URI uri = uriOrNull(url);
      if (uri == null || uri.getScheme() == null) {
        throw protocol("a result URL that is not a URL: " + url);
      }
      videos.add(new ResultVideo(uri, duration, null));
    }
    return videos;
  }

  private static @Nullable URI uriOrNull(String text) {
    try {
      return new URI(text.strip());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null || epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis);
  }

  private static @Nullable String blankToNull(@Nullable String text) {
    return text == null || text.isBlank() ? null : text;
  }

  @SafeVarargs
  private static <T> @Nullable T first(@Nullable T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  static ProtocolException protocol(String what) {
    return new ProtocolException(
        new ErrorContext(VENDOR, 0, null, null, null), "the vendor answered with " + what, null);
  }
}
