package dev.lipsync.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;

/**
 * Kling's lip-sync calls as the simulator of every vendor that forwards them answers them: the
 * identify-face session, the advanced lip-sync's checks of the session, {@code face_choose[]} and
 * {@code external_task_id}, and the task object in Kling's words, in Kling's envelope. A simulator
 * routes its own paths here and keeps what is its vendor's: how one face entry is checked (the times'
 * types, the volumes' names, the audio ids it knows), and how it wraps or refuses a status query.
 * Thread-safe.
 */
final class UpstreamLipSync {
  /** The problem with one {@code face_choose[]} entry, as the vendor words it, or null. */
  interface FaceCheck {
    @Nullable String problem(Map<?, ?> face, Set<String> faceIds);
  }

  private final VendorSimulator simulator;
  private final FaceCheck faceCheck;
  private final String keyTaken;
  private final boolean alwaysTaskInfo;
  private final Set<String> externalTaskIds = ConcurrentHashMap.newKeySet();

  /**
   * The calls as {@code simulator}'s vendor answers them.
   *
   * @param faceCheck checks one entry of {@code face_choose[]}
   * @param keyTaken how the refusal of a used {@code external_task_id} goes on after the key
   * @param alwaysTaskInfo whether the task object has {@code task_info} (empty) even without a key
   */
  UpstreamLipSync(VendorSimulator simulator, FaceCheck faceCheck, String keyTaken, boolean alwaysTaskInfo) {
    this.simulator = simulator;
    this.faceCheck = faceCheck;
    this.keyTaken = keyTaken;
    this.alwaysTaskInfo = alwaysTaskInfo;
  }

  /** Identify-face: a session over the current people, answered at once with {@code face_data[]}. */
  MockResponse identify(Map<String, Object> body) {
    boolean byUrl = text(body.get("video_url")) != null;
    boolean byId = text(body.get("video_id")) != null;
    if (byUrl == byId) {
      return invalid("exactly one of video_url and video_id is required");
    }
    String session = simulator.newSession();
    List<Map<String, Object>> faces = new ArrayList<>();
    for (SimFace face : simulator.session(session)) {
      faces.add(VendorSimulator.map(
          "face_id", simulator.faceId(face),
          "face_image", simulator.faceImageUrl(face),
          "start_time", face.startMs(),
          "end_time", face.endMs()));
    }
    return ok(VendorSimulator.map(
        "session_id", session,
        "face_data", faces,
        "final_unit_deduction", VendorSimulator.KLING_IDENTIFY_UNITS));
  }

  /**
   * The advanced lip-sync: checks the session, every face entry and the key, then creates a task of
   * {@code kind} and answers with it queued.
   */
  MockResponse create(Map<String, Object> body, String kind) {
    String sessionId = text(body.get("session_id"));
    List<SimFace> people = sessionId == null ? null : simulator.session(sessionId);
    if (people == null) {
      return invalid("session_id is invalid or has expired");
    }
    if (!(body.get("face_choose") instanceof List<?> choices) || choices.isEmpty()) {
      return invalid("face_choose must hold at least one face");
    }
    Set<String> faceIds = new HashSet<>();
    people.forEach(face -> faceIds.add(simulator.faceId(face)));
    for (Object choice : choices) {
      String problem = choice instanceof Map<?, ?> face ? faceCheck.problem(face, faceIds) : "is not an object";
      if (problem != null) {
        return invalid("face_choose: " + problem);
      }
    }
    String key = text(body.get("external_task_id"));
    if (key != null && !externalTaskIds.add(key)) {
      return invalid("external_task_id " + key + " " + keyTaken);
    }
    return created(simulator.newTask(kind, body));
  }

  /** The answer to a create: the new task, queued. */
  MockResponse created(SimulatedTask task) {
    return ok(taskObject(task, SimulatedTask.State.QUEUED));
  }

  /**
   * The task object in {@code state}: Kling's words, the word the task's script reports while it runs,
   * and {@code task_info} with the request's key.
   */
  Map<String, Object> taskObject(SimulatedTask task, SimulatedTask.State state) {
    String runningWord = task.reportedWord();
    String word = switch (state) {
      case QUEUED -> "submitted";
      case RUNNING -> runningWord != null ? runningWord : "processing";
      case SUCCEEDED -> "succeed";
      case FAILED -> "failed";
    };
    Map<String, Object> object = simulator.klingTask(task, state, word, simulator.resultUrl(task));
    String key = text(task.request().get("external_task_id"));
    if (key != null) {
      object.put("task_info", VendorSimulator.map("external_task_id", key));
    } else if (alwaysTaskInfo) {
      object.put("task_info", VendorSimulator.map());
    }
    return object;
  }

  /** {@code data} in Kling's success envelope, HTTP 200. */
  MockResponse ok(Object data) {
    return VendorSimulator.json(200, simulator.klingEnvelope(data));
  }

  /** Kling's refusal of a request it cannot take: HTTP 400, code 1201. */
  MockResponse invalid(String message) {
    return simulator.klingError(400, 1201, message);
  }

  /** A request's string value, or null when it is missing, blank or no string. */
  static @Nullable String text(@Nullable Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }
}
