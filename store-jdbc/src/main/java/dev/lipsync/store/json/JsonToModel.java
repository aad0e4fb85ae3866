package dev.lipsync.store.json;

import com.squareup.moshi.JsonReader;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads what {@link ModelToJson} writes. Fields may come in any order (a database may reorder them),
 * unknown fields are skipped (a newer writer may add some), and a null field counts as absent. Jobs are
 * rebuilt through the model's builders, so a stored job that breaks a rule is refused as the model
 * refuses it. Anything unreadable is a {@link MalformedJson} naming its place.
 */
final class JsonToModel {
  private JsonToModel() {}

  /** Thrown for a document that has the JSON syntax but not the form; carries the place. */
  static final class MalformedJson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedJson(String path, String problem, @Nullable Throwable cause) {
      super("at " + path + ": " + problem, cause);
    }
  }

  @FunctionalInterface
  interface Read<T> {
    T read(JsonReader in) throws IOException;
  }

  static LipSyncJob job(JsonReader in) throws IOException {
    String format = peekField(in, "format");
    if (format == null) {
      throw new MalformedJson(in.getPath(), "missing \"format\"", null);
    }
    if (!format.equals(String.valueOf(JobJson.FORMAT))) {
      throw new MalformedJson(in.getPath() + ".format",
          "format " + format + " is not " + JobJson.FORMAT + ", the only one this version reads", null);
    }
    String at = in.getPath();
    VideoSource video = null;
    List<Dub> dubs = null;
    String callbackUrl = null;
    String key = null;
    Duration timeout = null;
    List<String> preferred = List.of();
    List<String> excluded = List.of();
    boolean watermark = false;
    FaceMatch faceMatch = FaceMatch.PICTURE;
    boolean chaining = true;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "video" -> video = video(in);
        case "dubs" -> dubs = list(in, JsonToModel::dub);
        case "callbackUrl" -> callbackUrl = in.nextString();
        case "idempotencyKey" -> key = in.nextString();
        case "timeout" -> timeout = parse(in, "an ISO-8601 duration", Duration::parse);
        case "preferredVendors" -> preferred = list(in, JsonReader::nextString);
        case "excludedVendors" -> excluded = list(in, JsonReader::nextString);
        case "watermark" -> watermark = in.nextBoolean();
        case "faceMatch" -> faceMatch = constant(in, FaceMatch.class);
        case "chaining" -> chaining = in.nextBoolean();
        default -> in.skipValue();
      }
    }
    in.endObject();
    LipSyncJob.Builder job = LipSyncJob.builder()
        .video(required(at, video, "video"))
        .idempotencyKey(required(at, key, "idempotencyKey"))
        .preferVendors(preferred.toArray(String[]::new))
        .excludeVendors(excluded.toArray(String[]::new))
        .watermark(watermark)
        .faceMatch(faceMatch)
        .chaining(chaining);
    required(at, dubs, "dubs").forEach(job::dub);
    if (callbackUrl != null) {
      job.callbackUrl(callbackUrl);
    }
    if (timeout != null) {
      job.timeout(timeout);
    }
    return job.build();
  }

  static List<Attempt> attempts(JsonReader in) throws IOException {
    return list(in, JsonToModel::attempt);
  }

  static LipSyncResult result(JsonReader in) throws IOException {
    String at = in.getPath();
    TaskRef taskRef = null;
    List<ResultVideo> videos = List.of();
    List<Attempt> attempts = List.of();
    List<String> faceRules = List.of();
    List<ChainStep> steps = List.of();
    String key = null;
    BigDecimal estimatedCost = null;
    BigDecimal billedUnits = null;
    Instant startedAt = null;
    Instant finishedAt = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "taskRef" -> taskRef = taskRef(in);
        case "videos" -> videos = list(in, JsonToModel::resultVideo);
        case "attempts" -> attempts = attempts(in);
        case "faceRules" -> faceRules = list(in, JsonReader::nextString);
        case "steps" -> steps = list(in, JsonToModel::step);
        case "idempotencyKey" -> key = in.nextString();
        // nextString gives a number's own digits, so the scale survives.
        case "estimatedCostUsd" -> estimatedCost = parse(in, "a decimal number", BigDecimal::new);
        case "billedUnits" -> billedUnits = parse(in, "a decimal number", BigDecimal::new);
        case "startedAt" -> startedAt = parse(in, "an ISO-8601 instant", Instant::parse);
        case "finishedAt" -> finishedAt = parse(in, "an ISO-8601 instant", Instant::parse);
        default -> in.skipValue();
      }
    }
    in.endObject();
    return LipSyncResult.builder(required(at, taskRef, "taskRef"), key)
        .videos(videos)
        .attempts(attempts)
        .faceRules(faceRules)
        .steps(steps)
        .estimatedCostUsd(estimatedCost)
        .billedUnits(billedUnits)
        .timings(required(at, startedAt, "startedAt"), required(at, finishedAt, "finishedAt"))
        .build();
  }

  private static VideoSource video(JsonReader in) throws IOException {
    String at = in.getPath();
    String type = type(in);
    String url = null;
    String videoId = null;
    String taskId = null;
    String vendor = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "url" -> url = in.nextString();
        case "videoId" -> videoId = in.nextString();
        case "taskId" -> taskId = in.nextString();
        case "vendor" -> vendor = in.nextString();
        default -> in.skipValue();
      }
    }
    in.endObject();
    return switch (type) {
      case "url" -> VideoSource.url(required(at, url, "url"));
      case "vendor_video" -> new VideoSource.VendorVideo(required(at, videoId, "videoId"), taskId, vendor);
      default -> throw new MalformedJson(at + ".type", "unknown video type \"" + type + "\"", null);
    };
  }

  private static Dub dub(JsonReader in) throws IOException {
    String at = in.getPath();
    FaceSelector face = null;
    AudioSource audio = null;
    Dub.Builder dub = Dub.builder();
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "face" -> face = face(in);
        case "audio" -> audio = audio(in);
        case "clip" -> clip(in, dub);
        case "insertAtMs" -> dub.insertAtMs(in.nextLong());
        case "volume" -> dub.volume(in.nextDouble());
        case "originalVolume" -> dub.originalVolume(in.nextDouble());
        case "audioLength" -> dub.audioLength(parse(in, "an ISO-8601 duration", Duration::parse));
        default -> in.skipValue();
      }
    }
    in.endObject();
    return dub.face(required(at, face, "face")).audio(required(at, audio, "audio")).build();
  }

  private static void clip(JsonReader in, Dub.Builder dub) throws IOException {
    String at = in.getPath();
    Long startMs = null;
    Long endMs = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "startMs" -> startMs = in.nextLong();
        case "endMs" -> endMs = in.nextLong();
        default -> in.skipValue();
      }
    }
    in.endObject();
    dub.clip(required(at, startMs, "startMs"), required(at, endMs, "endMs"));
  }

  private static ChainStep step(JsonReader in) throws IOException {
    String at = in.getPath();
    Integer number = null;
    TaskRef taskRef = null;
    List<ResultVideo> videos = List.of();
    List<String> faceRules = List.of();
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "number" -> number = in.nextInt();
        case "taskRef" -> taskRef = taskRef(in);
        case "videos" -> videos = list(in, JsonToModel::resultVideo);
        case "faceRules" -> faceRules = list(in, JsonReader::nextString);
        default -> in.skipValue();
      }
    }
    in.endObject();
    return new ChainStep(required(at, number, "number"), required(at, taskRef, "taskRef"), videos, faceRules);
  }

  private static FaceSelector face(JsonReader in) throws IOException {
    String at = in.getPath();
    String type = type(in);
    Integer n = null;
    Long atMs = null;
    String faceId = null;
    String imageUrl = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "n" -> n = in.nextInt();
        case "atMs" -> atMs = in.nextLong();
        case "faceId" -> faceId = in.nextString();
        case "imageUrl" -> imageUrl = in.nextString();
        default -> in.skipValue();
      }
    }
    in.endObject();
    return switch (type) {
      case "unnamed" -> FaceSelector.unnamed();
      case "nth" -> FaceSelector.nthByAppearance(required(at, n, "n"));
      case "all" -> FaceSelector.all();
      case "longest_on_screen" -> FaceSelector.longestOnScreen();
      case "on_screen_at" -> FaceSelector.onScreenAt(required(at, atMs, "atMs"));
      case "by_id" -> FaceSelector.byId(required(at, faceId, "faceId"));
      case "looking_like" -> FaceSelector.lookingLike(required(at, imageUrl, "imageUrl"));
      default -> throw new MalformedJson(at + ".type", "unknown face type \"" + type + "\"", null);
    };
  }

  private static AudioSource audio(JsonReader in) throws IOException {
    String at = in.getPath();
    String type = type(in);
    String url = null;
    byte[] data = null;
    AudioFormat format = null;
    String id = null;
    String vendor = null;
    String text = null;
    String voiceId = null;
    VoiceLanguage language = null;
    Double speed = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "url" -> url = in.nextString();
        case "data" -> data = parse(in, "Base64", Base64.getDecoder()::decode);
        case "format" -> format = constant(in, AudioFormat.class);
        case "id" -> id = in.nextString();
        case "vendor" -> vendor = in.nextString();
        case "text" -> text = in.nextString();
        case "voiceId" -> voiceId = in.nextString();
        case "language" -> language = constant(in, VoiceLanguage.class);
        case "speed" -> speed = in.nextDouble();
        default -> in.skipValue();
      }
    }
    in.endObject();
    return switch (type) {
      case "url" -> AudioSource.url(required(at, url, "url"));
      case "bytes" -> AudioSource.bytes(required(at, data, "data"), required(at, format, "format"));
      case "vendor_audio" -> new AudioSource.VendorAudioId(required(at, id, "id"), vendor);
      case "speech" -> new AudioSource.Speech(required(at, text, "text"), required(at, voiceId, "voiceId"),
          required(at, language, "language"), required(at, speed, "speed"));
      default -> throw new MalformedJson(at + ".type", "unknown audio type \"" + type + "\"", null);
    };
  }

  private static Attempt attempt(JsonReader in) throws IOException {
    String at = in.getPath();
    String vendor = null;
    Attempt.Outcome outcome = null;
    boolean submitSent = false;
    TaskRef taskRef = null;
    FailureKind reason = null;
    String error = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "vendor" -> vendor = in.nextString();
        case "outcome" -> outcome = constant(in, Attempt.Outcome.class);
        case "submitSent" -> submitSent = in.nextBoolean();
        case "taskRef" -> taskRef = taskRef(in);
        case "reason" -> reason = constant(in, FailureKind.class);
        case "error" -> error = in.nextString();
        default -> in.skipValue();
      }
    }
    in.endObject();
    return Attempt.builder(required(at, vendor, "vendor"), required(at, outcome, "outcome"))
        .submitSent(submitSent)
        .taskRef(taskRef)
        .failure(reason, error)
        .build();
  }

  private static TaskRef taskRef(JsonReader in) throws IOException {
    String at = in.getPath();
    String vendor = null;
    String taskId = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "vendor" -> vendor = in.nextString();
        case "taskId" -> taskId = in.nextString();
        default -> in.skipValue();
      }
    }
    in.endObject();
    try {
      return new TaskRef(required(at, vendor, "vendor"), required(at, taskId, "taskId"));
    } catch (IllegalArgumentException e) {
      throw new MalformedJson(at, e.getMessage(), e);
    }
  }

  private static ResultVideo resultVideo(JsonReader in) throws IOException {
    String at = in.getPath();
    URI url = null;
    Duration duration = null;
    String id = null;
    URI watermarkUrl = null;
    in.beginObject();
    for (String name; (name = nextField(in)) != null; ) {
      switch (name) {
        case "url" -> url = parse(in, "a URI", URI::create);
        case "duration" -> duration = parse(in, "an ISO-8601 duration", Duration::parse);
        case "id" -> id = in.nextString();
        case "watermarkUrl" -> watermarkUrl = parse(in, "a URI", URI::create);
        default -> in.skipValue();
      }
    }
    in.endObject();
    return new ResultVideo(required(at, url, "url"), duration, id, watermarkUrl);
  }

  private static <T> List<T> list(JsonReader in, Read<T> element) throws IOException {
    List<T> list = new ArrayList<>();
    in.beginArray();
    while (in.hasNext()) {
      list.add(element.read(in));
    }
    in.endArray();
    return list;
  }

  /**
   * The next field's name, past any field whose value is null, or null at the object's end. A null
   * field is absent: the writer leaves such fields out, and another writer might not.
   */
  private static @Nullable String nextField(JsonReader in) throws IOException {
    while (in.hasNext()) {
      String name = in.nextName();
      if (in.peek() != JsonReader.Token.NULL) {
        return name;
      }
      in.skipValue();
    }
    return null;
  }

  /** The variant a sealed type's object names; read ahead, as the field may come last. */
  private static String type(JsonReader in) throws IOException {
    String type = peekField(in, "type");
    if (type == null) {
      throw new MalformedJson(in.getPath(), "missing \"type\"", null);
    }
    return type;
  }

  /** The text of one field of the object ahead, leaving the reader where it was; null if absent. */
  private static @Nullable String peekField(JsonReader in, String field) throws IOException {
    JsonReader ahead = in.peekJson();
    ahead.beginObject();
    while (ahead.hasNext()) {
      if (ahead.nextName().equals(field) && ahead.peek() != JsonReader.Token.NULL) {
        return ahead.nextString();
      }
      ahead.skipValue();
    }
    return null;
  }

  private static <T> T required(String at, @Nullable T value, String field) {
    if (value == null) {
      throw new MalformedJson(at, "missing \"" + field + "\"", null);
    }
    return value;
  }

  /** Reads a string and converts it, naming the field's place if it cannot be converted. */
  private static <T> T parse(JsonReader in, String expected, Function<String, T> conversion)
      throws IOException {
    String text = in.nextString();
    try {
      return conversion.apply(text);
    } catch (RuntimeException e) {
      throw new MalformedJson(in.getPath(), "\"" + text + "\" is not " + expected, e);
    }
  }

  /** An enum constant by the lower-case name {@link ModelToJson#name} gives it. */
  private static <E extends Enum<E>> E constant(JsonReader in, Class<E> type) throws IOException {
    String text = in.nextString();
    for (E constant : type.getEnumConstants()) {
      if (ModelToJson.name(constant).equals(text)) {
        return constant;
      }
    }
    throw new MalformedJson(in.getPath(), "unknown " + type.getSimpleName() + " \"" + text + "\"", null);
  }
}
