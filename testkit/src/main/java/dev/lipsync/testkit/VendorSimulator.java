package dev.lipsync.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.tracking.TaskScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The base of every vendor simulator: a MockWebServer on loopback that checks the Bearer key, keeps
 * simulated tasks and sessions, records every request by {@link Endpoint}, and answers with injected
 * {@link Fault faults} when told. A subclass speaks one vendor's protocol: it says which endpoint a
 * request is for, renders answers and errors in the vendor's shapes, and names states in the vendor's
 * words.
 *
 * <pre>{@code
 * try (CometApiSimulator vendor = new CometApiSimulator("sk-test", clock).start()) {
 *   vendor.inject(Endpoint.SUBMIT, Fault.status(503));
 *   vendor.script(TaskScript.fails("no face found"));
 *   ... point the adapter at vendor.baseUrl() ...
 *   assertThat(vendor.count(Endpoint.SUBMIT)).isEqualTo(1);
 * }
 * }</pre>
 *
 * Thread-safe: MockWebServer answers on its own threads while a test scripts and inspects.
 */
public abstract class VendorSimulator implements AutoCloseable {
  private static final JsonAdapter<Map<String, Object>> JSON_MAP =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final JsonAdapter<Object> JSON_ANY = new Moshi.Builder().build().adapter(Object.class);
  /** The length of every simulated result video, as Kling writes it: a string of seconds. */
  private static final String KLING_VIDEO_SECONDS = "5.1";
  private static final String RESULTS_PATH = "/results/";
  private final Queue<MockResponse> resultAnswers = new ConcurrentLinkedQueue<>();
  private volatile @Nullable String resultLocation;
  /** What every finished simulated task says it cost, as Kling writes it: a string of its units. */
  public static final String KLING_TASK_UNITS = "5";
  /** What every simulated identification says it cost, where the vendor answers Kling's shape. */
  public static final String KLING_IDENTIFY_UNITS = "0.2";
  private static final String MEDIA_PATH = "/media/";
  /** Where each face's picture is served, as a vendor's CDN serves it: {@code /faces/<face id>.<format>}. */
  private static final String FACES_PATH = "/faces/";

  /** How long the audio at {@link #audioUrl()} lasts: a real mp3, to within one 26 ms frame. */
  public static final Duration SAMPLE_AUDIO_LENGTH = Duration.ofMillis(6_500);
  private static final byte[] SAMPLE_MP3 = SampleAudio.mp3(SAMPLE_AUDIO_LENGTH);

  /** The bytes every finished video is served as: the start of an MP4 file, enough for a download. */
  public static final byte[] RESULT_VIDEO = {
      0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '2'};

  private final String vendor;
  private final String apiKey;
  private final TaskScheduler clock;
  private final MockWebServer server = new MockWebServer();
  private final Map<Endpoint, Deque<Fault>> faults = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, Fault> permanentFaults = new EnumMap<>(Endpoint.class);
  // Appended to on every request: a copy-on-write list would copy itself each time, quadratic under load.
  private final Queue<Recorded> recorded = new ConcurrentLinkedQueue<>();
  private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();
  /** The most tasks in flight the account may have, as Kling counts them; 0 for no limit. */
  private volatile int maxTasksInFlight;
  private final AtomicInteger peakTasksInFlight = new AtomicInteger();
  private final Map<String, List<SimFace>> sessions = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private volatile TaskScript script = TaskScript.succeeds();
  private volatile List<SimFace> faces = SimFace.defaults();
  private volatile @Nullable SimulatedTask lastTask;

  /** A request the simulator received, with the endpoint it was for (null if none). */
  public record Recorded(@Nullable Endpoint endpoint, RecordedRequest request) {
    /** The request body as UTF-8 text. */
    public String body() {
      return request.getBody() == null ? "" : request.getBody().utf8();
    }
  }

  protected VendorSimulator(String vendor, String apiKey, TaskScheduler clock) {
    this.vendor = Objects.requireNonNull(vendor, "vendor == null");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    for (Endpoint endpoint : Endpoint.values()) {
      faults.put(endpoint, new ArrayDeque<>());
    }
    server.setServerSocketFactory(new NoDelaySockets());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return VendorSimulator.this.dispatch(request);
      }
    });
  }

  /** Starts listening on a free loopback port; returns this simulator. */
  @SuppressWarnings("unchecked")
  public <S extends VendorSimulator> S start() {
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (S) this;
  }

  /** The vendor id this simulator stands for. */
  public String vendor() {
    return vendor;
  }

  /**
   * An audio file a job can name, served here: a silent mp3 of {@link #SAMPLE_AUDIO_LENGTH}, so the
   * gateway can measure it as it measures a real one.
   */
  public String audioUrl() {
    return baseUrl() + MEDIA_PATH + "line.mp3";
  }

  /** The only API key it accepts. */
  public String apiKey() {
    return apiKey;
  }

  /** Its base URL, e.g. {@code http://127.0.0.1:50321} (no trailing slash). */
  public String baseUrl() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  /** The clock tasks age by. */
  public TaskScheduler clock() {
    return clock;
  }

  // ---- scripting ----------------------------------------------------------------------------

  /** Answers the next request to {@code endpoint} with {@code fault} (faults queue up in order). */
  public void inject(Endpoint endpoint, Fault fault) {
    synchronized (faults) {
      faults.get(endpoint).add(Objects.requireNonNull(fault, "fault == null"));
    }
  }

  /** Answers every request to {@code endpoint} with {@code fault} until {@link #clearFaults()}. */
  public void injectAlways(Endpoint endpoint, Fault fault) {
    synchronized (faults) {
      permanentFaults.put(endpoint, Objects.requireNonNull(fault, "fault == null"));
    }
  }

  /**
   * Reports every finished task's video at {@code url} instead of this simulator's own results path:
   * what a vendor's answer may name, such as an address in the application's private network. Null
   * goes back to the simulator's own.
   */
  public void reportResultsAt(@Nullable String url) {
    this.resultLocation = url;
  }

  /**
   * Answers the next download of a result video with {@code response} (a redirect, a page that is no
   * video) instead of the video; answers queue up in order.
   */
  public void answerNextResultWith(MockResponse response) {
    resultAnswers.add(Objects.requireNonNull(response, "response == null"));
  }

  /** Removes every injected fault. */
  public void clearFaults() {
    synchronized (faults) {
      faults.values().forEach(Deque::clear);
      permanentFaults.clear();
    }
  }

  /** How tasks created from now on behave. */
  public void script(TaskScript script) {
    this.script = Objects.requireNonNull(script, "script == null");
  }

  /** The people identification finds, in the order this vendor lists them. */
  public void faces(List<SimFace> faces) {
    this.faces = List.copyOf(faces);
  }

  /** Forgets a session, as a vendor does when it expires. */
  public void expireSessions() {
    sessions.clear();
  }

  // ---- inspection ---------------------------------------------------------------------------

  /** Every request received, in order. */
  public List<Recorded> requests() {
    return List.copyOf(recorded);
  }

  /** The requests received for {@code endpoint}, in order. */
  public List<Recorded> requests(Endpoint endpoint) {
    return recorded.stream().filter(r -> r.endpoint() == endpoint).toList();
  }

  /** How many requests {@code endpoint} received (faulted ones included). */
  public int count(Endpoint endpoint) {
    return requests(endpoint).size();
  }

  /** A task by id. */
  public @Nullable SimulatedTask task(String id) {
    return tasks.get(id);
  }

  /** The task created last, or null if none was. */
  public @Nullable SimulatedTask lastTask() {
    return lastTask;
  }

  /** Every task created, in no particular order. */
  public List<SimulatedTask> tasks() {
    return List.copyOf(tasks.values());
  }

  /**
   * The body this vendor would post to a callback URL about the task, in its current state.
   *
   * @throws IllegalArgumentException if there is no task {@code taskId}
   */
  public String callbackBody(String taskId) {
    SimulatedTask task = requireTask(taskId);
    return callbackBody(task, task.state());
  }

  /**
   * A forged callback: the body this vendor would post had the task succeeded with the video at {@code
   * videoUrl}, whatever the task's state, which is not changed. No vendor signs its callbacks, so
   * anyone who learns a task's id and the callback URL can post this.
   *
   * @throws IllegalArgumentException if there is no task {@code taskId}
   */
  public String forgedCallbackBody(String taskId, String videoUrl) {
    SimulatedTask task = requireTask(taskId);
    return callbackBody(task, SimulatedTask.State.SUCCEEDED).replace(resultUrl(task), videoUrl);
  }

  /** The body this vendor posts about {@code task} standing at {@code state}. */
  protected abstract String callbackBody(SimulatedTask task, SimulatedTask.State state);

  private SimulatedTask requireTask(String taskId) {
    SimulatedTask task = task(taskId);
    if (task == null) {
      throw new IllegalArgumentException("no task " + taskId);
    }
    return task;
  }

  @Override
  public void close() {
    server.close();
  }

  // ---- for subclasses -----------------------------------------------------------------------

  /** Which endpoint a request is for, or null if the vendor has no such route. */
  protected abstract @Nullable Endpoint endpointOf(RecordedRequest request);

  /** The vendor's normal answer. */
  protected abstract MockResponse answer(Endpoint endpoint, RecordedRequest request);

  /**
   * The vendor's error answer.
   *
   * @param httpStatus the HTTP status to answer with
   * @param code a Kling business code or an envelope code, or null for the vendor's usual one
   * @param message the message
   */
  protected abstract MockResponse error(int httpStatus, @Nullable Integer code, String message);

  /**
   * The answer refusing a request whose credentials are wrong, or null to serve it. By default, a
   * request must carry {@code Authorization: Bearer <apiKey>}; a vendor that takes something else (a
   * token made from its keys) checks it here.
   */
  protected @Nullable MockResponse refusal(RecordedRequest request) {
    return ("Bearer " + apiKey).equals(request.getHeaders().get("Authorization")) ? null : unauthorized();
  }

  /**
   * The answer to an authorized call outside the lip-sync flow's endpoints (Kling's text to speech), or
   * null if the vendor has no such route (404). Such a call is recorded with no endpoint, and no fault
   * is injected into it. None by default.
   */
  protected @Nullable MockResponse otherCall(RecordedRequest request) {
    return null;
  }

  /** The answer to a request without the right key. */
  protected MockResponse unauthorized() {
    return error(401, null, "invalid API key");
  }

  /**
   * Limits the account's tasks in flight, as Kling does per resource pack: a create while {@code limit}
   * tasks have not ended (as last reported) is refused with Kling's 1303, HTTP 429, in this vendor's
   * error format. 0 lifts the limit.
   */
  public void maxTasksInFlight(int limit) {
    this.maxTasksInFlight = limit;
  }

  /** The tasks created that have not ended, as last reported. */
  public int tasksInFlight() {
    return (int) tasks.values().stream()
        .filter(t -> t.state() != SimulatedTask.State.SUCCEEDED && t.state() != SimulatedTask.State.FAILED)
        .count();
  }

  /** The most tasks that were in flight at once. */
  public int peakTasksInFlight() {
    return peakTasksInFlight.get();
  }

  /** A new task following the current script. */
  protected SimulatedTask newTask(String kind, Map<String, Object> request) {
    SimulatedTask task = new SimulatedTask(nextId(), kind, request, script, clock.now());
    tasks.put(task.id(), task);
    lastTask = task;
    return task;
  }

  /** A fresh id, unique in this simulator. */
  protected String nextId() {
    return String.valueOf(ids.incrementAndGet());
  }

  /** Opens a session over the current people; returns its id. */
  protected String newSession() {
    String id = "session-" + nextId();
    sessions.put(id, faces);
    return id;
  }

  /** The people of a session, or null if the vendor does not (or no longer) know it. */
  protected @Nullable List<SimFace> session(String id) {
    return sessions.get(id);
  }

  /**
   * Where the finished video of {@code task} is served: on this simulator, under {@code /results/},
   * like a vendor's CDN (no key needed), so downloads can be tried on loopback.
   */
  protected String resultUrl(SimulatedTask task) {
    String reported = resultLocation;
    return reported != null ? reported : baseUrl() + RESULTS_PATH + vendor + "-" + task.id() + ".mp4";
  }

  /** The id this vendor gives a person's face. */
  protected String faceId(SimFace face) {
    return vendor + "-" + face.person();
  }

  /**
   * Where this vendor serves the picture of {@code face}: on this simulator, as a real image of the
   * person ({@link FacePictures}) in this vendor's {@link #pictureFormat()} and {@link #pictureSize()}.
   */
  public String faceImageUrl(SimFace face) {
    return baseUrl() + FACES_PATH + faceId(face) + "." + pictureFormat();
  }

  /** How this vendor encodes face pictures: {@code png} unless a vendor says otherwise. */
  protected String pictureFormat() {
    return "png";
  }

  /** How large, in pixels, this vendor's face pictures are. */
  protected int pictureSize() {
    return 128;
  }

  /** The current time on the simulator's clock. */
  protected Instant now() {
    return clock.now();
  }

  /** A JSON answer. */
  protected static MockResponse json(int status, Object body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(toJson(body))
        .build();
  }

  /** {@code value} (maps, lists, strings, numbers) as JSON text, leaving out null map values. */
  protected static String toJson(Object value) {
    return JSON_ANY.toJson(value);
  }

  // ---- Kling's shapes, which resellers pass through -------------------------------------------

  /** A fresh {@code request_id}, as Kling gives each answer. */
  protected String requestId() {
    return "req-" + nextId();
  }

  /** Kling's success envelope: {@code {"code": 0, "message": "SUCCEED", "request_id": ..., "data": data}}. */
  protected Map<String, Object> klingEnvelope(Object data) {
    return map("code", 0, "message", "SUCCEED", "request_id", requestId(), "data", data);
  }

  /** Kling's error answer: {@code {"code": code, "message": message, "request_id": ...}} with that HTTP status. */
  protected MockResponse klingError(int httpStatus, int code, String message) {
    return json(httpStatus, map("code", code, "message", message, "request_id", requestId()));
  }

  /**
   * Kling's task object for {@code task} in {@code state}: {@code task_id}, {@code task_status} (the
   * vendor's {@code word} for the state), {@code task_status_msg} (only when it failed), {@code
   * task_result.videos[]} with one video at {@code videoUrl} (only when it succeeded), and {@code
   * created_at}/{@code updated_at} in epoch milliseconds. A simulator adds what its vendor adds.
   */
  protected Map<String, Object> klingTask(
      SimulatedTask task, SimulatedTask.State state, String word, String videoUrl) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("task_id", task.id());
    object.put("task_status", word);
    if (state == SimulatedTask.State.FAILED) {
      object.put("task_status_msg", task.failureMessage());
    }
    if (state == SimulatedTask.State.SUCCEEDED) {
      Map<String, Object> video = map(
          "id", "video-" + task.id(),
          "url", videoUrl,
          "duration", KLING_VIDEO_SECONDS);
      if (task.request().get("watermark_info") instanceof Map<?, ?> watermark
          && Boolean.TRUE.equals(watermark.get("enabled"))) {
        video.put("watermark_url", videoUrl.replace(".mp4", "-watermarked.mp4"));
      }
      object.put("task_result", map("videos", List.of(video)));
      object.put("final_unit_deduction", KLING_TASK_UNITS);
    }
    object.put("created_at", task.createdAt().toEpochMilli());
    object.put("updated_at", now().toEpochMilli());
    return object;
  }

  // ---- reading requests tolerantly --------------------------------------------------------------

  /** A number sent as a JSON number or as a string of one; null when it is neither. */
  protected static @Nullable BigDecimal number(@Nullable Object value) {
    try {
      if (value instanceof Number n) {
        return new BigDecimal(n.toString());
      }
      return value instanceof String s ? new BigDecimal(s.strip()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The request body parsed as a JSON object, or an empty map if it is none. */
  protected static Map<String, Object> readJson(RecordedRequest request) {
    try {
      String body = request.getBody() == null ? "" : request.getBody().utf8();
      Map<String, Object> map = body.isBlank() ? null : JSON_MAP.fromJson(body);
      return map == null ? Map.of() : map;
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }

  /** A map keeping insertion order, for readable answers: {@code map("code", 0, "data", ...)}. */
  protected static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  // ---- dispatch -----------------------------------------------------------------------------

  /** A public file, served without the API key; recorded with no endpoint. */
  private MockResponse file(RecordedRequest request, String contentType, byte[] content) {
    recorded.add(new Recorded(null, request));
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", contentType)
        .body(new okio.Buffer().write(content))
        .build();
  }

  /** The picture of the person a {@code /faces/<vendor>-<person>.<format>} path names; 404 for anyone else. */
  private MockResponse picture(RecordedRequest request) {
    String name = request.getUrl().encodedPath().substring(FACES_PATH.length());
    String prefix = vendor + "-";
    String suffix = "." + pictureFormat();
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) {
      recorded.add(new Recorded(null, request));
      return new MockResponse.Builder().code(404).build();
    }
    String person = name.substring(prefix.length(), name.length() - suffix.length());
    return file(request, pictureFormat().equals("png") ? "image/png" : "image/jpeg",
        FacePictures.encode(person, pictureSize(), pictureFormat()));
  }

  private MockResponse dispatch(RecordedRequest request) {
    if (request.getUrl().encodedPath().startsWith(MEDIA_PATH)) {
      // Audio a job may name, as any web server serves it.
      return file(request, "audio/mpeg", SAMPLE_MP3);
    }
    if (request.getUrl().encodedPath().startsWith(FACES_PATH)) {
      return picture(request);
    }
    if (request.getUrl().encodedPath().startsWith(RESULTS_PATH)) {
      // The finished videos, as a vendor's CDN serves them.
      MockResponse answer = resultAnswers.poll();
      if (answer != null) {
        recorded.add(new Recorded(null, request));
        return answer;
      }
      return file(request, "video/mp4", RESULT_VIDEO);
    }
    Endpoint endpoint = endpointOf(request);
    recorded.add(new Recorded(endpoint, request));
    MockResponse refused = refusal(request);
    if (refused != null) {
      return refused;
    }
    if (endpoint == null) {
      MockResponse other = otherCall(request);
      return other != null ? other
          : error(404, null, "no route for " + request.getMethod() + " " + request.getUrl().encodedPath());
    }
    Fault fault;
    synchronized (faults) {
      fault = faults.get(endpoint).poll();
      if (fault == null) {
        fault = permanentFaults.get(endpoint);
      }
    }
    if (fault != null) {
      return render(fault, endpoint, request);
    }
    if (endpoint != Endpoint.SUBMIT) {
      return answer(endpoint, request);
    }
    synchronized (tasks) {
      int limit = maxTasksInFlight;
      if (limit > 0 && tasksInFlight() >= limit) {
        return error(429, 1303, "parallel task over resource pack limit");
      }
      MockResponse created = answer(endpoint, request);
      peakTasksInFlight.accumulateAndGet(tasksInFlight(), Math::max);
      return created;
    }
  }

  private MockResponse render(Fault fault, Endpoint endpoint, RecordedRequest request) {
    if (fault instanceof Fault.AfterHandling after) {
      answer(endpoint, request);
      return render(after.fault(), endpoint, request);
    }
    if (fault instanceof Fault.SessionExpired) {
      expireSessions();
      return answer(endpoint, request);
    }
    if (fault instanceof Fault.Status status) {
      MockResponse response = error(status.httpStatus(), null, "simulated HTTP " + status.httpStatus());
      return status.retryAfter() == null
          ? response
          : new MockResponse.Builder(response).setHeader("Retry-After", status.retryAfter()).build();
    }
    if (fault instanceof Fault.BusinessCode code) {
      return error(code.httpStatus(), code.code(), "simulated code " + code.code());
    }
    if (fault instanceof Fault.ErrorIn200 in200) {
      return error(200, in200.code(), "simulated code " + in200.code());
    }
    if (fault instanceof Fault.Raw raw) {
      return raw.response();
    }
    Fault.TransportKind kind = ((Fault.Transport) fault).kind();
    return switch (kind) {
      case RESET_BEFORE_ANSWER ->
          new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
      case CUT_OFF_BODY ->
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "application/json")
              .body(new Buffer().writeUtf8("{\"code\": 0, \"message\": \"SUCCEED\", \"data\": {\"task_id\": \"1"
                  + " ".repeat(4096) + "\"}}"))
              .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
              .build();
      case NO_ANSWER ->
          new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
    };
  }
}
