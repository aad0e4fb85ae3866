package dev.lipsync.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.tracking.TaskScheduler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * Kling's own API, simulated:
 *
 * <ul>
 *   <li>every call must carry {@code Authorization: Bearer <JWT>}, checked as Kling checks it: signed
 *       HS256 with the secret key given here, {@code iss} the access key, {@code nbf} passed and {@code
 *       exp} not yet on the simulator's clock. Otherwise the answer is HTTP 401 in Kling's envelope with
 *       1001 (no token), 1002 (a token that is no HS256 JWT), 1000 (a wrong signature or issuer), 1003
 *       (not yet valid) or 1004 (expired);
 *   <li>{@code POST /v1/videos/identify-face} ({@code video_url} or {@code video_id}) answers at once
 *       with a session, {@code face_data[]} and {@code final_unit_deduction};
 *   <li>{@code POST /v1/videos/advanced-lip-sync} checks the session, the face ids, one audio per face,
 *       the three times (integers, required), the clip and the volumes, refuses an {@code
 *       external_task_id} used before, and creates a task;
 *   <li>{@code GET /v1/videos/advanced-lip-sync/{task_id}} reports a task in Kling's words;
 *   <li>{@code POST /v1/audio/tts} ({@code text} of at most 1,000 characters, {@code voice_id}, {@code
 *       voice_language} {@code zh} or {@code en}, {@code voice_speed} 0.8–2.0) answers at once with an
 *       audio in {@code task_result.audios[]}: its id, a URL, and a {@code duration} in seconds made from
 *       the text's length and the speed ({@link #spokenLength}), never under 2 s; with {@code
 *       final_unit_deduction} {@value #KLING_TTS_UNITS}. It remembers the ids it made, and the advanced
 *       lip-sync refuses an {@code audio_id} it never made nor was told of ({@link #knownAudio}) with
 *       Kling's 1201. It is recorded with no {@link Endpoint}: see {@link #spokenAudioIds()}. {@link
 *       #speechAsTask} switches it to the other shape the sources give: a task, asked about at {@code
 *       GET /v1/audio/tts/{task_id}}, whose audio comes by URL.
 * </ul>
 *
 * Every answer is Kling's envelope {@code {code, message, request_id, data}}; {@link
 * #callbackBody(String)} is the bare task object Kling posts. Face pictures are served as PNG at {@link
 * #faceImageUrl}. Thread-safe.
 */
public final class KlingSimulator extends VendorSimulator {
  /**
   * What the simulator says a speech cost, in Kling's units: an illustrative figure, not Kling's price
   * (the sources give none).
   */
  public static final String KLING_TTS_UNITS = "0.1";
  private static final String TTS = "/v1/audio/tts";
  private static final int MAX_TTS_CHARS = 1_000;
  private static final long MS_PER_CHAR = 80;
  private static final String BASE = "/v1/videos/";
  private static final String ADVANCED = "advanced-lip-sync";
  private static final String IDENTIFY = "identify-face";
  private static final long MIN_CLIP_MS = 2_000;
  private static final JsonAdapter<Map<String, Object>> JSON_MAP =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private final String secretKey;
  /** Kling's lip-sync calls, as every simulator of a vendor forwarding them answers them. */
  private final UpstreamLipSync upstream = new UpstreamLipSync(this, this::checkFace, "already exists", true);
  /** The audio ids an advanced lip-sync may name: those spoken here, in order, and those told of. */
  private final Set<String> audioIds = ConcurrentHashMap.newKeySet();
  private final List<String> spoken = new CopyOnWriteArrayList<>();
  private final Map<String, SpeechTask> speechTasks = new ConcurrentHashMap<>();
  private volatile @Nullable Duration speechTakes;

  /**
   * A simulator accepting only tokens of {@code accessKey} signed with {@code secretKey}, dated and its
   * tasks ageing by {@code clock}.
   */
  public KlingSimulator(String accessKey, String secretKey, TaskScheduler clock) {
    super("kling", accessKey, clock);
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey == null");
  }

  /** The only access key it accepts as a token's issuer ({@link #apiKey()}). */
  public String accessKey() {
    return apiKey();
  }

  /** The secret key tokens must be signed with. */
  public String secretKey() {
    return secretKey;
  }

  /**
   * Audio ids the account made elsewhere (Kling's console, another audio call), which the advanced
   * lip-sync then takes as {@code audio_id} as it takes those {@code /v1/audio/tts} made.
   */
  public void knownAudio(String... ids) {
    for (String id : ids) {
      audioIds.add(Objects.requireNonNull(id, "id == null"));
    }
  }

  /**
   * The ids of the audio {@code /v1/audio/tts} made, in order; in the task shape ({@link
   * #speechAsTask}), which gives the audio no id, its task's id.
   */
  public List<String> spokenAudioIds() {
    return List.copyOf(spoken);
  }

  /**
   * How long the simulator's speech of {@code text} at {@code speed} lasts: {@value #MS_PER_CHAR} ms a
   * character (code point) at normal speed, divided by the speed, at least 2 s (Kling's shortest clip);
   * to the millisecond, as the answer's {@code duration} says it in seconds.
   */
  public static Duration spokenLength(String text, double speed) {
    long ms = Math.round(text.codePointCount(0, text.length()) * MS_PER_CHAR / speed);
    return Duration.ofMillis(Math.max(MIN_CLIP_MS, ms));
  }

  /**
   * Answers {@code /v1/audio/tts} in the shape of the copy of Kling's TTS page rather than the
   * reference's: the create answers a task {@code submitted} with no audio yet; {@code GET
   * /v1/audio/tts/{task_id}} answers it {@code processing} until {@code takes} has passed on the
   * simulator's clock, then {@code succeed} with one {@code task_result.audio {url, duration}} and no
   * audio id, so the lip-sync takes it by URL ({@code sound_file}). {@code null} returns to the
   * reference's shape, answered at once with {@code task_result.audios[]} and their ids.
   */
  public void speechAsTask(@Nullable Duration takes) {
    if (takes != null && takes.isNegative()) {
      throw new IllegalArgumentException("takes: " + takes + " is negative");
    }
    this.speechTakes = takes;
  }

  @Override
  protected @Nullable MockResponse otherCall(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (request.getMethod().equals("GET") && path.startsWith(TTS + "/")) {
      SpeechTask task = speechTasks.get(path.substring(TTS.length() + 1));
      return task == null ? klingError(404, 1203, "task not found") : ok(speechAnswer(task));
    }
    if (!request.getMethod().equals("POST") || !path.equals(TTS)) {
      return null;
    }
    Map<String, Object> body = readJson(request);
    Object textValue = body.get("text");
    String text = textValue instanceof String t ? t : null;
    if (text == null || text.isBlank()) {
      return invalid("text is required");
    }
    if (text.codePointCount(0, text.length()) > MAX_TTS_CHARS) {
      return invalid("text must be at most " + MAX_TTS_CHARS + " characters");
    }
    if (text(body.get("voice_id")) == null) {
      return invalid("voice_id is required");
    }
    Object language = body.get("voice_language");
    if (language != null && !"zh".equals(language) && !"en".equals(language)) {
      return invalid("voice_language must be zh or en");
    }
    BigDecimal speed = body.containsKey("voice_speed") ? number(body.get("voice_speed")) : BigDecimal.ONE;
    if (speed == null || speed.compareTo(new BigDecimal("0.8")) < 0 || speed.compareTo(BigDecimal.valueOf(2)) > 0) {
      return invalid("voice_speed must be a number from 0.8 to 2.0");
    }
    Duration takes = speechTakes;
    String id = nextId();
    SpeechTask task = new SpeechTask(takes == null ? "tts-" + id : "tts-task-" + id, "tts-audio-" + id,
        spokenLength(text, speed.doubleValue()), now(), takes);
    if (takes == null) {
      audioIds.add(task.audioId);
    }
    spoken.add(takes == null ? task.audioId : task.taskId);
    speechTasks.put(task.taskId, task);
    return ok(speechAnswer(task));
  }

  /** A speech task as Kling's answers show it now: ended at once, or running until its time has passed. */
  private Map<String, Object> speechAnswer(SpeechTask task) {
    long createdMs = task.created.toEpochMilli();
    String seconds = BigDecimal.valueOf(task.length.toMillis(), 3).toPlainString();
    String url = baseUrl() + "/media/" + task.audioId + ".mp3";
    Map<String, Object> answer = map("task_id", task.taskId, "task_status_msg", "", "created_at", createdMs);
    if (task.takes == null) {
      answer.putAll(map("task_status", "succeed", "updated_at", createdMs,
          "task_result", map("audios", List.of(map("id", task.audioId, "url", url, "duration", seconds))),
          "final_unit_deduction", KLING_TTS_UNITS));
    } else if (now().isBefore(task.created.plus(task.takes))) {
      answer.putAll(map("task_status", task.created.equals(now()) ? "submitted" : "processing",
          "updated_at", now().toEpochMilli(), "task_result", map()));
    } else {
      answer.putAll(map("task_status", "succeed", "updated_at", task.created.plus(task.takes).toEpochMilli(),
          "task_result", map("audio", map("url", url, "duration", seconds)),
          "final_unit_deduction", KLING_TTS_UNITS));
    }
    return answer;
  }

  /** One {@code /v1/audio/tts} call: its task, its audio, how long the audio lasts, and when it is ready. */
  private record SpeechTask(String taskId, String audioId, Duration length, Instant created, @Nullable Duration takes) {}

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
        case ADVANCED -> Endpoint.SUBMIT;
        default -> null;
      };
    }
    return request.getMethod().equals("GET") && taskId(rest) != null ? Endpoint.STATUS : null;
  }

  private static @Nullable String taskId(String rest) {
    String prefix = ADVANCED + "/";
    return rest.startsWith(prefix) && rest.length() > prefix.length() && rest.indexOf('/', prefix.length()) < 0
        ? rest.substring(prefix.length()) : null;
  }

  // ---- the token -----------------------------------------------------------------------------

  @Override
  protected @Nullable MockResponse refusal(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization == null || authorization.isBlank()) {
      return klingError(401, 1001, "Authorization is empty");
    }
    if (!authorization.startsWith("Bearer ")) {
      return klingError(401, 1002, "Authorization is invalid");
    }
    String[] parts = authorization.substring("Bearer ".length()).split("\\.", -1);
    if (parts.length != 3) {
      return klingError(401, 1002, "Authorization is invalid");
    }
    Map<String, Object> header = decodeJson(parts[0]);
    Map<String, Object> claims = decodeJson(parts[1]);
    byte[] signature = decode(parts[2]);
    if (header == null || claims == null || signature == null || !"HS256".equals(header.get("alg"))) {
      return klingError(401, 1002, "Authorization is invalid");
    }
    byte[] expected = hmacSha256(secretKey, parts[0] + "." + parts[1]);
    if (!MessageDigest.isEqual(expected, signature) || !apiKey().equals(claims.get("iss"))) {
      return klingError(401, 1000, "Authentication failed");
    }
    BigDecimal exp = number(claims.get("exp"));
    BigDecimal nbf = number(claims.get("nbf"));
    if (exp == null) {
      return klingError(401, 1002, "Authorization is invalid");
    }
    BigDecimal now = BigDecimal.valueOf(now().getEpochSecond());
    if (nbf != null && now.compareTo(nbf) < 0) {
      return klingError(401, 1003, "Authorization is not yet valid");
    }
    if (now.compareTo(exp) >= 0) {
      return klingError(401, 1004, "Authorization has expired");
    }
    return null;
  }

  private static byte @Nullable [] decode(String base64Url) {
    try {
      return base64Url.isEmpty() ? null : Base64.getUrlDecoder().decode(base64Url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable Map<String, Object> decodeJson(String base64Url) {
    byte[] bytes = decode(base64Url);
    if (bytes == null) {
      return null;
    }
    try {
      return JSON_MAP.fromJson(new String(bytes, StandardCharsets.UTF_8));
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /** HMAC-SHA256 of {@code text} under {@code secret}, both UTF-8: a JWT's HS256 signature. */
  static byte[] hmacSha256(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this runtime", e);
    }
  }

  // ---- the calls -----------------------------------------------------------------------------

  @Override
  protected MockResponse answer(Endpoint endpoint, RecordedRequest request) {
    return switch (endpoint) {
      case IDENTIFY -> upstream.identify(readJson(request));
      case SUBMIT -> upstream.create(readJson(request), ADVANCED);
      case STATUS -> status(taskId(request.getUrl().encodedPath().substring(BASE.length())));
    };
  }

  /** One face entry as Kling takes it: the times integers, and an audio id spoken here or told of. */
  private @Nullable String checkFace(Map<?, ?> face, Set<String> faceIds) {
    String faceId = text(face.get("face_id"));
    if (faceId == null || !faceIds.contains(faceId)) {
      return "face_id " + faceId + " is not in the session";
    }
    String audioId = text(face.get("audio_id"));
    if ((audioId == null) == (text(face.get("sound_file")) == null)) {
      return "exactly one of audio_id and sound_file is required";
    }
    if (audioId != null && !audioIds.contains(audioId)) {
      return "audio_id " + audioId + " does not exist";
    }
    // Kling's reference types the three times as integers and marks them required.
    for (String time : new String[] {"sound_start_time", "sound_end_time", "sound_insert_time"}) {
      if (!(face.get(time) instanceof Number) || number(face.get(time)).signum() < 0) {
        return time + " is required, an integer of milliseconds";
      }
    }
    BigDecimal start = number(face.get("sound_start_time"));
    BigDecimal end = number(face.get("sound_end_time"));
    if (end.subtract(start).compareTo(BigDecimal.valueOf(MIN_CLIP_MS)) < 0) {
      return "the clip must last at least " + MIN_CLIP_MS + " ms";
    }
    for (String volume : new String[] {"sound_volume", "original_audio_volume"}) {
      BigDecimal value = number(face.get(volume));
      if (face.containsKey(volume)
          && (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(2)) > 0)) {
        return volume + " must be a number from 0 to 2";
      }
    }
    return null;
  }

  private MockResponse status(@Nullable String taskId) {
    SimulatedTask task = taskId == null ? null : task(taskId);
    if (task == null) {
      return klingError(404, 1203, "task " + taskId + " does not exist");
    }
    SimulatedTask.State state = task.poll(now());
    return ok(upstream.taskObject(task, state));
  }

  /** The bare task object in its current state, as Kling posts it to a callback URL. */
  @Override
  protected String callbackBody(SimulatedTask task, SimulatedTask.State state) {
    return toJson(upstream.taskObject(task, state));
  }

  // ---- answers -------------------------------------------------------------------------------

  private MockResponse ok(Map<String, Object> data) {
    return upstream.ok(data);
  }

  private MockResponse invalid(String message) {
    return upstream.invalid(message);
  }

  /**
   * Kling's envelope with {@code code}, or, when none is given, the code Kling's table pairs with the
   * HTTP status (401 1000, 402 and 429 of an empty account 1102, 403 1103, 404 1203, 429 1302, 500 5000,
   * 503 5001, 504 5002); a status Kling never sends comes without a code.
   */
  @Override
  protected MockResponse error(int httpStatus, @Nullable Integer code, String message) {
    Integer given = code != null ? code : switch (httpStatus) {
      case 400 -> 1200;
      case 401 -> 1000;
      case 402 -> 1102;
      case 403 -> 1103;
      case 404 -> 1203;
      case 429 -> 1302;
      case 500 -> 5000;
      case 503 -> 5001;
      case 504 -> 5002;
      default -> null;
    };
    return given != null
        ? klingError(httpStatus, given, message)
        : json(httpStatus, map("message", message, "request_id", requestId()));
  }

  private static @Nullable String text(@Nullable Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }
}
