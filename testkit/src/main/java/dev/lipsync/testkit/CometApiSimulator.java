package dev.lipsync.testkit;

import dev.lipsync.core.tracking.TaskScheduler;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * CometAPI's Kling endpoints, simulated:
 *
 * <ul>
 *   <li>{@code POST /kling/v1/videos/identify-face} ({@code video_url} or {@code video_id}) answers at
 *       once with a session and {@code face_data[]};
 *   <li>{@code POST /kling/v1/videos/advanced-lip-sync} checks the session, the face ids, one audio per
 *       face, the clip and the volumes, and creates a task;
 *   <li>{@code POST /kling/v1/videos/lip-sync} (the older endpoint, body in {@code input}) checks the
 *       Kling video and its task id, and the text or audio mode, and creates a task;
 *   <li>{@code GET} of either path plus {@code /{task_id}} reports a task of that endpoint (the other
 *       endpoint's tasks are unknown there, as they are at the vendor).
 * </ul>
 *
 * Tasks are reported in upstream words ({@code submitted}, {@code processing}, {@code succeed}, {@code
 * failed}) as Kling's task object, which is also what {@link #callbackBody(String)} returns. Both
 * spellings the sources give are accepted: times as numbers or strings, and the original soundtrack's
 * volume as {@code original_audio_volume} (upstream) or {@code original_sound_volume} (CometAPI's page).
 * Errors with a business code come in Kling's envelope {@code {code, message, request_id}}; plain HTTP
 * errors in CometAPI's own {@code {"error": {message, type, param, code}}}. Status answers come in
 * Kling's envelope, or, with {@link #relayRecords(boolean)}, in the relay's own task record that
 * CometAPI documents for its Kling tasks ({@code {code: "success", data: {task_id, action, status,
 * fail_reason, progress, result_url, data: <Kling's answer>}}}). Thread-safe.
 */
public final class CometApiSimulator extends VendorSimulator {
  private static final String BASE = "/kling/v1/videos/";
  private static final String ADVANCED = "advanced-lip-sync";
  private static final String LEGACY = "lip-sync";
  private static final String IDENTIFY = "identify-face";
  private static final long MIN_CLIP_MS = 2_000;

  /** Kling's calls, which CometAPI forwards: checked and answered as upstream, with CometAPI's face rules. */
  private final UpstreamLipSync upstream =
      new UpstreamLipSync(this, CometApiSimulator::checkFace, "is already used", false);
  private volatile boolean relayRecords;

  /** A simulator accepting only {@code apiKey}, its tasks ageing by {@code clock}. */
  public CometApiSimulator(String apiKey, TaskScheduler clock) {
    super("cometapi", apiKey, clock);
  }

  /**
   * Whether status answers come in the relay's task record, with Kling's answer inside, rather than in
   * Kling's envelope; returns this simulator.
   */
  public CometApiSimulator relayRecords(boolean relayRecords) {
    this.relayRecords = relayRecords;
    return this;
  }

  @Override
  protected @Nullable Endpoint endpointOf(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (!path.startsWith(BASE)) {
      return null;
    }
    String rest = path.substring(BASE.length());
    if (request.getMethod().equals("POST")) {
      return switch (rest) {
        case IDENTIFY -> Endpoint.IDENTIFY;
        case ADVANCED, LEGACY -> Endpoint.SUBMIT;
        default -> null;
      };
    }
    if (request.getMethod().equals("GET") && taskPath(rest) != null) {
      return Endpoint.STATUS;
    }
    return null;
  }

  /** The endpoint and task id of a status path below {@link #BASE}, or null. */
  private static String @Nullable [] taskPath(String rest) {
    for (String kind : new String[] {ADVANCED, LEGACY}) {
      String prefix = kind + "/";
      if (rest.startsWith(prefix) && rest.length() > prefix.length()
          && rest.indexOf('/', prefix.length()) < 0) {
        return new String[] {kind, rest.substring(prefix.length())};
      }
    }
    return null;
  }

  @Override
  protected MockResponse answer(Endpoint endpoint, RecordedRequest request) {
    String rest = request.getUrl().encodedPath().substring(BASE.length());
    return switch (endpoint) {
      case IDENTIFY -> upstream.identify(readJson(request));
      case SUBMIT -> rest.equals(ADVANCED)
          ? upstream.create(readJson(request), ADVANCED) : createLegacy(readJson(request));
      case STATUS -> {
        String[] kindAndId = taskPath(rest);
        yield status(kindAndId[0], kindAndId[1]);
      }
    };
  }

  // ---- the advanced endpoint -----------------------------------------------------------------

  /**
   * One face entry as CometAPI takes it: the times as numbers or strings (its page shows strings), the
   * original soundtrack's volume under either name.
   */
  private static @Nullable String checkFace(Map<?, ?> face, Set<String> faceIds) {
    String faceId = text(face.get("face_id"));
    if (faceId == null || !faceIds.contains(faceId)) {
      return "face_id " + faceId + " is not in the session";
    }
    if ((text(face.get("audio_id")) == null) == (text(face.get("sound_file")) == null)) {
      return "exactly one of audio_id and sound_file is required";
    }
    // Kling's reference marks the three times required.
    for (String time : new String[] {"sound_start_time", "sound_end_time", "sound_insert_time"}) {
      if (number(face.get(time)) == null) {
        return time + " is required";
      }
    }
    BigDecimal start = number(face.get("sound_start_time"));
    BigDecimal end = number(face.get("sound_end_time"));
    if (end.subtract(start).compareTo(BigDecimal.valueOf(MIN_CLIP_MS)) < 0) {
      return "the clip must last at least " + MIN_CLIP_MS + " ms";
    }
    for (String volume : new String[] {"sound_volume", "original_audio_volume", "original_sound_volume"}) {
      BigDecimal value = number(face.get(volume));
      if (face.containsKey(volume)
          && (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(2)) > 0)) {
        return volume + " must be a number from 0 to 2";
      }
    }
    return null;
  }

  // ---- the older lip-sync endpoint ------------------------------------------------------------

  private MockResponse createLegacy(Map<String, Object> body) {
    if (!(body.get("input") instanceof Map<?, ?> input)) {
      return invalid("input is required");
    }
    if (text(input.get("video_id")) == null || text(input.get("task_id")) == null) {
      return invalid("input.video_id and input.task_id are required");
    }
    String problem = switch (String.valueOf(input.get("mode"))) {
      case "text2video" -> checkText(input);
      case "audio2video" -> checkAudio(input);
      default -> "input.mode must be text2video or audio2video";
    };
    if (problem != null) {
      return invalid(problem);
    }
    return upstream.created(newTask(LEGACY, body));
  }

  private static @Nullable String checkText(Map<?, ?> input) {
    String text = text(input.get("text"));
    if (text == null || text.codePointCount(0, text.length()) > 120) {
      return "input.text must hold 1 to 120 characters";
    }
    if (text(input.get("voice_id")) == null) {
      return "input.voice_id is required in text2video";
    }
    Object language = input.get("voice_language");
    if (language != null && !language.equals("zh") && !language.equals("en")) {
      return "input.voice_language must be zh or en";
    }
    BigDecimal speed = number(input.get("voice_speed"));
    if (input.containsKey("voice_speed")
        && (speed == null || speed.compareTo(new BigDecimal("0.8")) < 0 || speed.compareTo(BigDecimal.valueOf(2)) > 0)) {
      return "input.voice_speed must be 0.8 to 2";
    }
    return null;
  }

  private static @Nullable String checkAudio(Map<?, ?> input) {
    Object type = input.get("audio_type");
    if ("url".equals(type)) {
      return text(input.get("audio_url")) == null ? "input.audio_url is required" : null;
    }
    if ("file".equals(type)) {
      return text(input.get("audio_file")) == null ? "input.audio_file is required" : null;
    }
    return "input.audio_type must be file or url";
  }

  // ---- status --------------------------------------------------------------------------------

  private MockResponse status(String kind, String taskId) {
    SimulatedTask task = task(taskId);
    if (task == null || !task.kind().equals(kind)) {
      return error(404, 1203, "task " + taskId + " does not exist");
    }
    SimulatedTask.State state = task.poll(now());
    Map<String, Object> object = upstream.taskObject(task, state);
    return relayRecords ? json(200, relayRecord(task, state, object)) : upstream.ok(object);
  }

  /** The relay's own record of a task, Kling's answer under {@code data}. */
  private Map<String, Object> relayRecord(SimulatedTask task, SimulatedTask.State state, Map<String, Object> upstream) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("task_id", task.id());
    record.put("action", task.kind());
    record.put("status", switch (state) {
      case QUEUED -> "QUEUED";
      case RUNNING -> "IN_PROGRESS";
      case SUCCEEDED -> "SUCCESS";
      case FAILED -> "FAILURE";
    });
    record.put("fail_reason", state == SimulatedTask.State.FAILED ? task.failureMessage() : "");
    boolean ended = state == SimulatedTask.State.SUCCEEDED || state == SimulatedTask.State.FAILED;
    record.put("progress", ended ? "100%" : "30%");
    record.put("submit_time", task.createdAt().getEpochSecond());
    if (state == SimulatedTask.State.SUCCEEDED) {
      record.put("result_url", resultUrl(task));
    }
    record.put("data", klingEnvelope(upstream));
    return map("code", "success", "message", "", "data", record);
  }

  /** The task object in its current state, as CometAPI posts it to a callback URL. */
  @Override
  protected String callbackBody(SimulatedTask task, SimulatedTask.State state) {
    return toJson(upstream.taskObject(task, state));
  }

  // ---- answers -------------------------------------------------------------------------------

  private MockResponse invalid(String message) {
    return upstream.invalid(message);
  }

  @Override
  protected MockResponse error(int httpStatus, @Nullable Integer code, String message) {
    if (code != null) {
      return klingError(httpStatus, code, message);
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", httpStatus >= 500 ? "server_error" : "invalid_request_error");
    error.put("param", "");
    error.put("code", switch (httpStatus) {
      case 401 -> "invalid_api_key";
      case 402 -> "insufficient_quota";
      case 403 -> "permission_denied";
      case 404 -> "not_found";
      case 408 -> "request_timeout";
      case 429 -> "rate_limit_exceeded";
      default -> httpStatus >= 500 ? "upstream_error" : "invalid_request";
    });
    return json(httpStatus, Map.of("error", error));
  }

  private static @Nullable String text(@Nullable Object value) {
    return UpstreamLipSync.text(value);
  }
}
