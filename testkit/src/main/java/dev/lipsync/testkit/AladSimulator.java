package dev.lipsync.testkit;

import dev.lipsync.core.tracking.TaskScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * alad, simulated: identify-face answered at once with {@code face_list[]} and boxes, an {@code
 * input}-wrapped create in text or audio mode (one face per task, no face list), and a status answer
 * in either of alad's two documented shapes, switched with {@link #statusShape(Shape)}.
 *
 * <p>A video shows the people set with {@link #faces(List)} (by default two, so identify lists two
 * faces with {@code face_rect} and, as alad documents, no picture and no times). alad takes no face id:
 * a create names the face to dub by {@code input.face_image_url} or leaves the choice to alad. The
 * simulator records every {@code face_image_url} it receives ({@link #faceImageUrls()}) and which person
 * each task dubs ({@link #personDubbed(String)}): the one whose picture was sent, matched by the
 * person's name in the picture's file name (as every simulator names its pictures, e.g. CometAPI's
 * {@code cometapi-ben.png}), or else its own choice, the first person listed.
 *
 * <p>It is strict where alad's page is: a create body with a field the page does not name, or with
 * neither or both modes, is refused with Kling's 1201. Errors come in Kling's envelope with the
 * business code Kling uses for the status (401 → 1000, 429 → 1302, 503 → 5001, ...); a status for
 * which Kling has no code (402, 502, ...) comes in the relay's generic envelope, a word as the code.
 */
public final class AladSimulator extends VendorSimulator {
  private static final String IDENTIFY_PATH = "/kling/v1/videos/identify-face";
  private static final String LIP_SYNC_PATH = "/kling/v1/videos/advanced-lip-sync";
  private static final String TASK_KIND = "advanced-lip-sync";
  private static final Set<String> INPUT_FIELDS = Set.of(
      "session_id", "face_image_url", "text", "voice_id", "voice_language", "audio_url");

  /** alad's two documented status answers. */
  public enum Shape {
    /**
     * The lip-sync guide's: alad's envelope around Kling's, the task object at {@code data.data}
     * with {@code task_status} in the guide's words ({@code queued → processing → succeeded |
     * failed}) and the video at {@code data.data.task_result.videos[0].url}. The create answer
     * carries the task id in {@code data.task_id}.
     */
    GUIDE,
    /**
     * The generic task record: {@code data.status} ({@code SUBMITTED | PROCESSING | SUCCESS |
     * FAILURE}), {@code data.fail_reason}, {@code data.progress}, and Kling's whole answer below it,
     * so the video is at {@code data.data.data.task_result}. The envelope's code is the word {@code
     * "success"}; the create answer carries the task id at the top level.
     */
    GENERIC
  }

  private volatile Shape shape;
  private final ConcurrentLinkedQueue<Optional<String>> faceImageUrls = new ConcurrentLinkedQueue<>();
  /** Task id to the person it dubs; absent when the picture sent showed no one of the session. */
  private final Map<String, String> personDubbed = new ConcurrentHashMap<>();
  /** The status path below {@code /kling/v1/videos/}: the guide's, or the platform reference's. */
  private volatile String queryAction = "advanced-lip-sync";

  /** A simulator answering status in the guide's shape. */
  public AladSimulator(String apiKey, TaskScheduler clock) {
    this(apiKey, clock, Shape.GUIDE);
  }

  /** A simulator answering status (and create, and callbacks) in {@code shape}. */
  public AladSimulator(String apiKey, TaskScheduler clock, Shape shape) {
    super("alad", apiKey, clock);
    this.shape = Objects.requireNonNull(shape, "shape == null");
  }

  /** Answers in {@code shape} from now on; returns this simulator. */
  public AladSimulator statusShape(Shape shape) {
    this.shape = Objects.requireNonNull(shape, "shape == null");
    return this;
  }

  /**
   * Answers status queries only at {@code /kling/v1/videos/{action}/{task_id}}: {@code
   * advanced-lip-sync} (alad's guide, the default) or {@code lip-sync} (the platform's task reference,
   * which lists no other lip-sync action); the other path is unknown, a 404. Returns this simulator.
   */
  public AladSimulator queryAction(String action) {
    this.queryAction = Objects.requireNonNull(action, "action == null");
    return this;
  }

  /**
   * The {@code input.face_image_url} of every create request received, in order, valid or not; empty
   * for a request without one (the face left to alad).
   */
  public List<Optional<String>> faceImageUrls() {
    return List.copyOf(faceImageUrls);
  }

  /**
   * The person a task dubs: the person of its session whose picture its {@code face_image_url} is,
   * or, without a picture, alad's own choice (the first person listed); empty when the picture shows
   * no one of the session.
   *
   * @throws IllegalArgumentException if the simulator created no such task
   */
  public Optional<String> personDubbed(String taskId) {
    if (task(taskId) == null) {
      throw new IllegalArgumentException("no task " + taskId);
    }
    return Optional.ofNullable(personDubbed.get(taskId));
  }

  /** The shape it answers in. */
  public Shape statusShape() {
    return shape;
  }

  /** A status answer for the task standing at {@code state}, in the current shape, as alad would post it. */
  @Override
  protected String callbackBody(SimulatedTask task, SimulatedTask.State state) {
    return toJson(statusAnswer(task, state, task.reportedWord()));
  }

  @Override
  protected @Nullable Endpoint endpointOf(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    if ("POST".equals(method) && path.equals(IDENTIFY_PATH)) {
      return Endpoint.IDENTIFY;
    }
    if ("POST".equals(method) && path.equals(LIP_SYNC_PATH)) {
      return Endpoint.SUBMIT;
    }
    if ("GET".equals(method) && taskIdIn(path, queryAction) != null) {
      return Endpoint.STATUS;
    }
    return null;
  }

  @Override
  protected MockResponse answer(Endpoint endpoint, RecordedRequest request) {
    return switch (endpoint) {
      case IDENTIFY -> identify(readJson(request));
      case SUBMIT -> create(readJson(request));
      case STATUS -> status(Objects.requireNonNull(taskIdIn(request.getUrl().encodedPath(), queryAction)));
    };
  }

  @Override
  protected MockResponse error(int httpStatus, @Nullable Integer code, String message) {
    Integer klingCode = code != null ? code : klingCodeFor(httpStatus);
    if (klingCode != null) {
      return klingError(httpStatus, klingCode, message);
    }
    return json(httpStatus, map("code", genericCodeFor(httpStatus), "message", message));
  }

  // ---- identify --------------------------------------------------------------------------------

  private MockResponse identify(Map<String, Object> body) {
    Object videoUrl = body.get("video_url");
    Object videoId = body.get("video_id");
    boolean byUrl = isText(videoUrl);
    boolean byId = isText(videoId);
    if (byUrl == byId || body.size() != 1) {
      return error(400, 1201, "exactly one of video_url or video_id is required");
    }
    String sessionId = newSession();
    List<Map<String, Object>> faceList = new ArrayList<>();
    List<SimFace> people = Objects.requireNonNull(session(sessionId));
    for (int i = 0; i < people.size(); i++) {
      SimFace face = people.get(i);
      faceList.add(map(
          "face_id", faceId(face),
          "face_rect", map("x", 100 * (i + 1), "y", 80, "width", face.width(), "height", face.height())));
    }
    return json(200, klingEnvelope(map("session_id", sessionId, "face_list", faceList)));
  }

  // ---- create ----------------------------------------------------------------------------------

  private MockResponse create(Map<String, Object> body) {
    if (body.size() != 1 || !(body.get("input") instanceof Map<?, ?> raw)) {
      return error(400, 1201, "the body must hold exactly one object, input");
    }
    Object picture = raw.get("face_image_url");
    faceImageUrls.add(Optional.ofNullable(picture == null ? null : String.valueOf(picture)));
    for (Object key : raw.keySet()) {
      if (!INPUT_FIELDS.contains(key)) {
        return error(400, 1201, "unknown parameter input." + key);
      }
    }
    String refusal = refusal(raw);
    if (refusal != null) {
      return error(400, 1201, refusal);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) raw;
    SimulatedTask task = newTask(TASK_KIND, input);
    List<SimFace> people = Objects.requireNonNull(session((String) input.get("session_id")));
    SimFace dubbed = picture != null ? pictured(people, (String) picture)
        : people.isEmpty() ? null : people.get(0);
    if (dubbed != null) {
      personDubbed.put(task.id(), dubbed.person());
    }
    return shape == Shape.GUIDE
        ? json(200, klingEnvelope(map("task_id", task.id())))
        : json(200, map("code", "success", "message", "", "task_id", task.id()));
  }

  /** Why alad would refuse the input, or null. */
  private @Nullable String refusal(Map<?, ?> input) {
    Object sessionId = input.get("session_id");
    if (!isText(sessionId) || session((String) sessionId) == null) {
      return "input.session_id is missing, invalid or expired";
    }
    if (input.containsKey("face_image_url") && !isHttpUrl(input.get("face_image_url"))) {
      return "input.face_image_url must be an http(s) URL";
    }
    boolean textMode = input.containsKey("text") || input.containsKey("voice_id")
        || input.containsKey("voice_language");
    boolean audioMode = input.containsKey("audio_url");
    if (textMode == audioMode) {
      return "give either text, voice_id and voice_language (text mode) or audio_url (audio mode)";
    }
    if (audioMode) {
      return isHttpUrl(input.get("audio_url")) ? null : "input.audio_url must be an http(s) URL";
    }
    if (!isText(input.get("text")) || !isText(input.get("voice_id"))) {
      return "text mode needs text and voice_id";
    }
    String text = (String) input.get("text");
    if (text.codePointCount(0, text.length()) > 120) {
      return "input.text is longer than 120 characters";
    }
    Object language = input.get("voice_language");
    return "zh".equals(language) || "en".equals(language) ? null : "input.voice_language must be zh or en";
  }

  /** The person whose picture {@code url} is: its file name ends in the person's name. */
  private static @Nullable SimFace pictured(List<SimFace> people, String url) {
    String file = url.substring(url.lastIndexOf('/') + 1);
    int dot = file.lastIndexOf('.');
    String name = dot < 0 ? file : file.substring(0, dot);
    for (SimFace person : people) {
      if (name.equals(person.person()) || name.endsWith("-" + person.person())) {
        return person;
      }
    }
    return null;
  }

  // ---- status ----------------------------------------------------------------------------------

  private MockResponse status(String taskId) {
    SimulatedTask task = task(taskId);
    if (task == null || !TASK_KIND.equals(task.kind())) {
      return error(404, 1203, "task " + taskId + " does not exist");
    }
    SimulatedTask.State state = task.poll(now());
    return json(200, statusAnswer(task, state, task.reportedWord()));
  }

  private Map<String, Object> statusAnswer(SimulatedTask task, SimulatedTask.State state, @Nullable String word) {
    return shape == Shape.GUIDE
        ? klingEnvelope(klingAnswer(task, state, word != null ? word : guideWord(state)))
        : map("code", "success", "message", "",
            "data", map(
                "task_id", task.id(),
                "action", TASK_KIND,
                "status", word != null ? word : genericWord(state),
                "fail_reason", state == SimulatedTask.State.FAILED ? task.failureMessage() : "",
                "submit_time", task.createdAt().getEpochSecond(),
                "progress", progress(state),
                "data", klingAnswer(task, state, klingWord(state))));
  }

  /** Kling's own answer about the task, with {@code word} as its task_status. */
  private Map<String, Object> klingAnswer(SimulatedTask task, SimulatedTask.State state, String word) {
    return klingEnvelope(
        klingTask(task, state, word, resultUrl(task)));
  }

  private static String guideWord(SimulatedTask.State state) {
    return switch (state) {
      case QUEUED -> "queued";
      case RUNNING -> "processing";
      case SUCCEEDED -> "succeeded";
      case FAILED -> "failed";
    };
  }

  private static String genericWord(SimulatedTask.State state) {
    return switch (state) {
      case QUEUED -> "SUBMITTED";
      case RUNNING -> "PROCESSING";
      case SUCCEEDED -> "SUCCESS";
      case FAILED -> "FAILURE";
    };
  }

  private static String klingWord(SimulatedTask.State state) {
    return switch (state) {
      case QUEUED -> "submitted";
      case RUNNING -> "processing";
      case SUCCEEDED -> "succeed";
      case FAILED -> "failed";
    };
  }

  private static String progress(SimulatedTask.State state) {
    return switch (state) {
      case QUEUED -> "0%";
      case RUNNING -> "50%";
      case SUCCEEDED, FAILED -> "100%";
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static @Nullable Integer klingCodeFor(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> 1201;
      case 401 -> 1000;
      case 403 -> 1103;
      case 404 -> 1203;
      case 429 -> 1302;
      case 500 -> 5000;
      case 503 -> 5001;
      case 504 -> 5002;
      default -> null;
    };
  }

  private static String genericCodeFor(int httpStatus) {
    return switch (httpStatus) {
      case 402 -> "insufficient_user_quota";
      case 502 -> "bad_response_status_code";
      default -> "http_" + httpStatus;
    };
  }

  private static @Nullable String taskIdIn(String path, String action) {
    String prefix = "/kling/v1/videos/" + action + "/";
    if (!path.startsWith(prefix)) {
      return null;
    }
    String id = path.substring(prefix.length());
    return id.isEmpty() || id.contains("/") ? null : id;
  }

  private static boolean isText(@Nullable Object value) {
    return value instanceof String text && !text.isBlank();
  }

  private static boolean isHttpUrl(@Nullable Object value) {
    return value instanceof String url && (url.startsWith("https://") || url.startsWith("http://"));
  }
}
