package dev.lipsync.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.lipsync.core.tracking.TaskScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * apimodels.app, simulated: one endpoint whose {@code model} field says what a task does.
 *
 * <ul>
 *   <li>{@code POST /api/v1/audio/generations} with {@code "model": "kling-identify-face"} and {@code
 *       video_url} creates an identify task ({@link Endpoint#IDENTIFY});
 *   <li>the same with {@code "model": "kling-advanced-lip-sync"}, the session, {@code face_choose[]}
 *       (face id and audio per face) creates a lip-sync task ({@link Endpoint#SUBMIT});
 *   <li>{@code GET /api/v1/audio/generations?task_id=...} reports a task of either kind ({@link
 *       Endpoint#STATUS}).
 * </ul>
 *
 * <p>Both kinds of task run on the base's state machine, reported as {@code pending}, {@code
 * processing} (or the script's running word), {@code completed} and {@code failed} inside {@code {code:
 * 200, msg: "success", data}}; with {@link #platformWords(boolean)}, in the words of a platform with the
 * same task schema instead ({@code waiting}, {@code generating}, {@code success}, {@code fail}). A
 * completed identify task carries {@code faceData.session_id} and {@code
 * face_list[]} of {@code {face_id, face_reference}} (no times, as at the vendor); a completed lip-sync
 * task {@code resultUrls[]}; a failed one {@code failMsg}.
 *
 * <p><b>Identify tasks have their own script.</b> At apimodels identification is itself a task, so a
 * test that scripts a failing lip-sync task ({@link #script(TaskScript)}) would otherwise never get a
 * session. Identify tasks therefore follow {@link #identifyScript(TaskScript)}, by default succeeding on
 * their second status poll whatever the lip-sync script says; when the simulated video shows nobody
 * ({@link #faces(List)} empty) they fail with "Face detection failed: no faces found". They are kept
 * apart from lip-sync tasks: {@link #tasks()}, {@link #task(String)} and {@link #lastTask()} see
 * lip-sync tasks only, {@link #identifyTasks()} the others.
 *
 * <p>The lip-sync request's field names are not on the vendor's page; the simulator reads upstream
 * Kling's ({@code session_id}, {@code face_choose}, {@code face_id}, {@code sound_file}, {@code
 * sound_start_time}, ...) and the camelCase spellings of a localized copy of the docs ({@code
 * sessionId}, {@code faceId}, {@code audioUrl}, ...). An unknown or expired session is refused with
 * HTTP 400, as a bad parameter (the page names no other answer for it).
 *
 * <p><b>The localized variant.</b> With {@link #localized(boolean)} the simulator serves the variant of
 * the API the vendor's localized (ru) page documents instead: {@code /api/v1/video/generations}, the
 * lip-sync model {@code kling-lip-sync-video} (identification keeps {@code kling-identify-face}, as
 * that page names no other), camelCase fields only ({@code videoUrl}, {@code sessionId}, {@code
 * faceChoose[]} of {@code faceId}, {@code audioUrl} or {@code audioId}, {@code soundStartTime}, {@code
 * soundEndTime}, {@code soundInsertTime}, {@code soundVolume}, {@code originalAudioVolume}), and a
 * completed identification's result inside {@code resultJson}, a JSON string of {@code {sessionId,
 * faceList[{faceId, faceReference}]}}. The standard path and model are then answered 404 and snake-case
 * fields are missing fields, so a client speaking the wrong variant is caught.
 *
 * <p>Errors come as the vendor renders them: {@code {"code": <status>, "msg": "..."}} with that HTTP
 * status; an injected {@link Fault#errorIn200(int)} puts its code in the same envelope at HTTP 200.
 * Thread-safe.
 */
public final class ApiModelsSimulator extends VendorSimulator {
  private static final String IDENTIFY_MODEL = "kling-identify-face";
  /** Prefixes the lip-sync model in callbacks, as the vendor's callback example shows. */
  private static final String CALLBACK_MODEL_PREFIX = "kling-video/";
  private static final String NO_FACE_MESSAGE = "Face detection failed: no faces found";
  private static final long MIN_CLIP_MS = 2_000;
  /** Callbacks hold explicit nulls ({@code "failCode": null}), as the vendor's example does. */
  private static final JsonAdapter<Object> JSON =
      new Moshi.Builder().build().adapter(Object.class).serializeNulls();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final Map<String, IdentifyTask> identifyTasks = new ConcurrentHashMap<>();
  private volatile TaskScript identifyScript = TaskScript.succeeds();
  private volatile boolean platformWords;
  private volatile Dialect dialect = Dialect.STANDARD;

  /**
   * The names one variant of the API reads; of each list, the first is the name its errors give. The
   * standard variant reads every spelling the sources show; the localized one its camelCase only.
   */
  private record Dialect(
      String path,
      String lipSyncModel,
      List<String> videoUrl,
      List<String> sessionId,
      List<String> faceChoose,
      List<String> faceId,
      List<String> audio,
      List<List<String>> times,
      List<List<String>> volumes,
      boolean resultInResultJson) {

    static final Dialect STANDARD = new Dialect(
        "/api/v1/audio/generations",
        "kling-advanced-lip-sync",
        List.of("video_url", "videoUrl"),
        List.of("session_id", "sessionId"),
        List.of("face_choose", "faceChoose"),
        List.of("face_id", "faceId"),
        List.of("sound_file", "soundFile", "audioUrl", "audio_url"),
        List.of(List.of("sound_start_time", "soundStartTime"), List.of("sound_end_time", "soundEndTime"),
            List.of("sound_insert_time", "soundInsertTime")),
        List.of(List.of("sound_volume", "soundVolume"), List.of("original_audio_volume", "originalAudioVolume")),
        false);

    static final Dialect LOCALIZED = new Dialect(
        "/api/v1/video/generations",
        "kling-lip-sync-video",
        List.of("videoUrl"),
        List.of("sessionId"),
        List.of("faceChoose"),
        List.of("faceId"),
        List.of("audioUrl", "audioId"),
        List.of(List.of("soundStartTime"), List.of("soundEndTime"), List.of("soundInsertTime")),
        List.of(List.of("soundVolume"), List.of("originalAudioVolume")),
        true);
  }

  /** An identify task, the session it opened and the people it found. */
  private record IdentifyTask(SimulatedTask task, String sessionId, List<SimFace> people) {}

  /** A simulator accepting only {@code apiKey}, its tasks ageing by {@code clock}. */
  public ApiModelsSimulator(String apiKey, TaskScheduler clock) {
    super("apimodels", apiKey, clock);
  }

  /**
   * Whether tasks are reported in the words of a platform with the same task schema ({@code waiting},
   * {@code generating}, {@code success}, {@code fail}) rather than apimodels' own; returns this simulator.
   */
  public ApiModelsSimulator platformWords(boolean platformWords) {
    this.platformWords = platformWords;
    return this;
  }

  /**
   * Whether the simulator serves the variant of the API the vendor's localized (ru) page documents
   * (see the class comment) rather than the en/zh pages' one; returns this simulator.
   */
  public ApiModelsSimulator localized(boolean localized) {
    this.dialect = localized ? Dialect.LOCALIZED : Dialect.STANDARD;
    return this;
  }

  /** How identify tasks created from now on behave; by default they succeed on the second poll. */
  public void identifyScript(TaskScript script) {
    this.identifyScript = Objects.requireNonNull(script, "script == null");
  }

  /** Every identify task created, in no particular order. */
  public List<SimulatedTask> identifyTasks() {
    return identifyTasks.values().stream().map(IdentifyTask::task).toList();
  }

  // ---- routing -------------------------------------------------------------------------------

  @Override
  protected @Nullable Endpoint endpointOf(RecordedRequest request) {
    Dialect dialect = this.dialect;
    // The other variant's path has no endpoint here, like any unknown path.
    if (!dialect.path().equals(request.getUrl().encodedPath())) {
      return null;
    }
    return switch (request.getMethod()) {
      case "GET" -> Endpoint.STATUS;
      case "POST" -> {
        Object model = readJson(request).get("model");
        // Another model (the other variant's too) has no endpoint here: no fault or count applies, and
        // the base answers 404.
        yield IDENTIFY_MODEL.equals(model) ? Endpoint.IDENTIFY
            : dialect.lipSyncModel().equals(model) ? Endpoint.SUBMIT : null;
      }
      default -> null;
    };
  }

  @Override
  protected MockResponse answer(Endpoint endpoint, RecordedRequest request) {
    return switch (endpoint) {
      case IDENTIFY -> identify(readJson(request));
      case SUBMIT -> createLipSync(readJson(request));
      case STATUS -> status(request.getUrl().queryParameter("task_id"));
    };
  }

  // ---- identify ------------------------------------------------------------------------------

  private MockResponse identify(Map<String, Object> body) {
    List<String> videoUrl = dialect.videoUrl();
    if (text(body, videoUrl) == null) {
      return error(400, null, videoUrl.get(0) + " is required");
    }
    String sessionId = newSession();
    List<SimFace> people = Objects.requireNonNull(session(sessionId));
    TaskScript script = identifyScript;
    if (people.isEmpty()) {
      script = new TaskScript(TaskScript.Outcome.FAIL, script.pollsToFinish(), script.timeToFinish(),
          NO_FACE_MESSAGE, null, false);
    }
    SimulatedTask task = new SimulatedTask(nextId(), "identify", withoutNulls(body), script, now());
    identifyTasks.put(task.id(), new IdentifyTask(task, sessionId, people));
    return created(task, IDENTIFY_MODEL);
  }

  // ---- lip-sync ------------------------------------------------------------------------------

  private MockResponse createLipSync(Map<String, Object> body) {
    Dialect dialect = this.dialect;
    String sessionId = text(body, dialect.sessionId());
    List<SimFace> people = sessionId == null ? null : session(sessionId);
    if (people == null) {
      return error(400, null, dialect.sessionId().get(0) + " is invalid or has expired");
    }
    String faceChoose = dialect.faceChoose().get(0);
    Object choices = first(body, dialect.faceChoose());
    if (!(choices instanceof List<?> faces) || faces.isEmpty()) {
      return error(400, null, faceChoose + " must hold at least one face");
    }
    Set<String> faceIds = new HashSet<>();
    people.forEach(person -> faceIds.add(faceId(person)));
    Set<String> chosen = new HashSet<>();
    for (Object choice : faces) {
      String problem = choice instanceof Map<?, ?> face
          ? checkFace(dialect, face, faceIds, chosen) : "is not an object";
      if (problem != null) {
        return error(400, null, faceChoose + ": " + problem);
      }
    }
    SimulatedTask task = newTask("lipsync", withoutNulls(body));
    return created(task, dialect.lipSyncModel());
  }

  private static @Nullable String checkFace(
      Dialect dialect, Map<?, ?> face, Set<String> faceIds, Set<String> chosen) {
    String faceIdName = dialect.faceId().get(0);
    String faceId = text(face, dialect.faceId());
    if (faceId == null || !faceIds.contains(faceId)) {
      return faceIdName + " " + faceId + " is not in the session";
    }
    if (!chosen.add(faceId)) {
      return faceIdName + " " + faceId + " is chosen twice";
    }
    if (text(face, dialect.audio()) == null) {
      return dialect.audio().get(0) + " is required";
    }
    // Forwarded to Kling as it is, whose reference marks the three times required.
    for (List<String> time : dialect.times()) {
      if (number(first(face, time)) == null) {
        return time.get(0) + " is required";
      }
    }
    BigDecimal start = number(first(face, dialect.times().get(0)));
    BigDecimal end = number(first(face, dialect.times().get(1)));
    if (end.subtract(start).compareTo(BigDecimal.valueOf(MIN_CLIP_MS)) < 0) {
      return "the clip must last at least " + MIN_CLIP_MS + " ms";
    }
    for (List<String> names : dialect.volumes()) {
      Object raw = first(face, names);
      BigDecimal value = number(raw);
      if (raw != null && (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(2)) > 0)) {
        return names.get(0) + " must be a number from 0 to 2";
      }
    }
    return null;
  }

  // ---- status --------------------------------------------------------------------------------

  private MockResponse status(@Nullable String taskId) {
    if (taskId == null || taskId.isBlank()) {
      return error(400, null, "task_id is required");
    }
    IdentifyTask identify = identifyTasks.get(taskId);
    if (identify != null) {
      SimulatedTask.State state = identify.task().poll(now());
      Map<String, Object> data = data(identify.task(), state, IDENTIFY_MODEL);
      if (state == SimulatedTask.State.SUCCEEDED) {
        if (dialect.resultInResultJson()) {
          data.put("resultJson", JSON.toJson(localizedFaceData(identify)));
        } else {
          data.put("faceData", faceData(identify));
        }
      }
      return success(data);
    }
    SimulatedTask task = task(taskId);
    if (task == null) {
      return error(404, null, "Task ID not found");
    }
    SimulatedTask.State state = task.poll(now());
    Map<String, Object> data = data(task, state, dialect.lipSyncModel());
    if (state == SimulatedTask.State.SUCCEEDED) {
      data.put("resultUrls", List.of(resultUrl(task)));
    }
    return success(data);
  }

  /** apimodels' references are JPEG, and smaller: the same people, re-encoded and resized. */
  @Override
  protected String pictureFormat() {
    return "jpg";
  }

  @Override
  protected int pictureSize() {
    return 96;
  }

  private Map<String, Object> faceData(IdentifyTask identify) {
    List<Map<String, Object>> faces = new ArrayList<>();
    for (SimFace person : identify.people()) {
      faces.add(map("face_id", faceId(person), "face_reference", faceImageUrl(person)));
    }
    return map("session_id", identify.sessionId(), "face_list", faces);
  }

  /** The identify result as the localized page documents it: camelCase, inside {@code resultJson}. */
  private Map<String, Object> localizedFaceData(IdentifyTask identify) {
    List<Map<String, Object>> faces = new ArrayList<>();
    for (SimFace person : identify.people()) {
      faces.add(map("faceId", faceId(person), "faceReference", faceImageUrl(person)));
    }
    return map("sessionId", identify.sessionId(), "faceList", faces);
  }

  private Map<String, Object> data(SimulatedTask task, SimulatedTask.State state, String model) {
    Map<String, Object> data = map("taskId", task.id(), "state", word(task, state), "model", model);
    if (state == SimulatedTask.State.FAILED) {
      data.put("failMsg", task.failureMessage());
    }
    return data;
  }

  private String word(SimulatedTask task, SimulatedTask.State state) {
    return switch (state) {
      case QUEUED -> platformWords ? "waiting" : "pending";
      case RUNNING -> task.reportedWord() != null ? task.reportedWord()
          : platformWords ? "generating" : "processing";
      case SUCCEEDED -> platformWords ? "success" : "completed";
      case FAILED -> platformWords ? "fail" : "failed";
    };
  }

  // ---- callbacks -----------------------------------------------------------------------------

  /**
   * The callback apimodels posts about a lip-sync task standing at {@code state}: {@code {code, msg,
   * data}} whose {@code data.param} (the request) and {@code data.resultJson} ({@code {"resultUrls":
   * [...]}}, {@code []} when failed, null while running) are JSON written into strings. The vendor
   * itself posts only once a task is {@code completed} or {@code failed}.
   */
  @Override
  protected String callbackBody(SimulatedTask task, SimulatedTask.State state) {
    boolean ended = state == SimulatedTask.State.SUCCEEDED || state == SimulatedTask.State.FAILED;
    List<String> urls = state == SimulatedTask.State.SUCCEEDED ? List.of(resultUrl(task)) : List.of();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("taskId", task.id());
    data.put("model", CALLBACK_MODEL_PREFIX + dialect.lipSyncModel());
    data.put("state", word(task, state));
    data.put("param", JSON.toJson(task.request()));
    data.put("resultJson", ended ? JSON.toJson(Map.of("resultUrls", urls)) : null);
    data.put("failCode", null);
    data.put("failMsg", state == SimulatedTask.State.FAILED ? task.failureMessage() : null);
    data.put("costTime", Duration.between(task.createdAt(), now()).toMillis());
    data.put("completeTime", ended ? now().toEpochMilli() : null);
    data.put("createTime", task.createdAt().toEpochMilli());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", 200);
    body.put("msg", "success");
    body.put("data", data);
    return JSON.toJson(body);
  }

  /**
   * Posts {@link #callbackBody(String)} to {@code url} once, as the vendor does (JSON, unsigned), and
   * returns the receiver's HTTP status. The vendor would retry anything but 2xx; this does not, so a
   * test decides what happens next.
   *
   * @throws IllegalArgumentException if {@code url} is not an http(s) URL on a loopback host
   * @throws UncheckedIOException if the receiver cannot be reached
   */
  public int deliverCallback(String taskId, String url) {
    HttpUrl target = HttpUrl.parse(Objects.requireNonNull(url, "url == null"));
    if (target == null || !isLoopback(target.host())) {
      throw new IllegalArgumentException("callbacks go to loopback http(s) URLs only, not " + url);
    }
    Request request = new Request.Builder()
        .url(target)
        .post(RequestBody.create(callbackBody(taskId), JSON_TYPE))
        .build();
    try (Response response = CallbackClient.INSTANCE.newCall(request).execute()) {
      return response.code();
    } catch (IOException e) {
      throw new UncheckedIOException("callback to " + url + " failed", e);
    }
  }

  /** One client for every simulator's callbacks, created on first use. */
  private static final class CallbackClient {
    static final OkHttpClient INSTANCE = new OkHttpClient.Builder()
        .callTimeout(Duration.ofSeconds(10))
        .followRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
  }

  // ---- answers -------------------------------------------------------------------------------

  private MockResponse created(SimulatedTask task, String model) {
    return success(map("taskId", task.id(), "state", "pending", "model", model));
  }

  private static MockResponse success(Map<String, Object> data) {
    return json(200, map("code", 200, "msg", "success", "data", data));
  }

  @Override
  protected MockResponse error(int httpStatus, @Nullable Integer code, String message) {
    return json(httpStatus, map("code", code != null ? code : httpStatus, "msg", message));
  }

  @Override
  protected MockResponse unauthorized() {
    return error(401, null, "Unauthorized - Invalid API key");
  }

  // ---- reading requests tolerantly ------------------------------------------------------------

  /** The value under the first of {@code names} present. */
  private static @Nullable Object first(Map<?, ?> json, List<String> names) {
    for (String name : names) {
      Object value = json.get(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static @Nullable String text(Map<?, ?> json, List<String> names) {
    return first(json, names) instanceof String s && !s.isBlank() ? s : null;
  }

  /** The request without explicit nulls, which a task's immutable copy cannot hold. */
  private static Map<String, Object> withoutNulls(Map<String, Object> json) {
    Map<String, Object> copy = new LinkedHashMap<>();
    json.forEach((name, value) -> {
      if (value != null) {
        copy.put(name, value);
      }
    });
    return copy;
  }

  /** Whether {@code host} resolves to a loopback address only: the simulator never calls elsewhere. */
  private static boolean isLoopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
