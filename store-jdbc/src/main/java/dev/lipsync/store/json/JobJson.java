package dev.lipsync.store.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.store.json.JsonToModel.MalformedJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a job, of its attempts and of its result, as a job store keeps them. What is written
 * reads back {@code equals} to what went in, field for field. A job looks like this:
 *
 * <pre>{@code
 * {"format":1,
 *  "video":{"type":"url","url":"https://example.com/v.mp4"},
 *  "dubs":[{"face":{"type":"nth","n":2},
 *           "audio":{"type":"url","url":"https://example.com/a.mp3"},
 *           "clip":{"startMs":250,"endMs":4250},"volume":1.5,"audioLength":"PT6.125S"}],
 *  "idempotencyKey":"order-42","timeout":"PT15M",
 *  "preferredVendors":["cometapi"],"excludedVendors":[],"watermark":false}
 * }</pre>
 *
 * <ul>
 *   <li>Field names are the model's record components. A field whose value is null is left out.
 *   <li>A sealed type's variant is named by {@code "type"}: a video is {@code url} or {@code
 *       vendor_video}; audio {@code url}, {@code bytes} (the bytes in Base64), {@code vendor_audio} or
 *       {@code speech}; a face {@code unnamed}, {@code nth}, {@code all}, {@code longest_on_screen},
 *       {@code on_screen_at} or {@code by_id}. Enum constants are their names in lower case ({@code
 *       "wav"}, {@code "outcome_unknown"}, {@code "rate_limited"}).
 *   <li>Durations and instants are ISO-8601 text ({@code "PT4.2S"}, {@code
 *       "2026-01-02T03:04:05.123456789Z"}), exact to the nanosecond; costs are JSON numbers with their
 *       own digits, so {@code 0.4200} keeps its scale. A task is {@code {"vendor":…,"taskId":…}}.
 *   <li>A job carries {@code "format":1}, so that a later version can tell old rows and migrate them.
 *       Excluded vendors are written sorted, so the same job is always the same text.
 * </ul>
 *
 * <p>Reading ignores fields it does not know, since a newer writer may add some, and takes the fields
 * in any order, since a database's JSON type may reorder them. A job is rebuilt through {@link
 * LipSyncJob#builder()}, keeping its idempotency key, so a stored job that breaks a rule is refused as
 * the model refuses it.
 *
 * <p>All methods are static and thread-safe.
 */
public final class JobJson {
  /** The version of the job's form; a reader refuses any other. */
  static final int FORMAT = 1;

  private static final String MATCHING_RULE =
      "selects faces by code (FaceSelector.matching), which a job store cannot keep; choose the face by"
          + " id, by order of appearance, by time on screen or as the one longest on screen";

  private static final Type ATTEMPTS = Types.newParameterizedType(List.class, Attempt.class);

  // The forms are written and read by hand, with Moshi's streaming API, because a sealed type's variant
  // is named inside its object and every refusal has to name its place; Moshi carries them.
  private static final Moshi MOSHI = new Moshi.Builder()
      .add(LipSyncJob.class, new Document<>("job", ModelToJson::job, JsonToModel::job))
      .add(ATTEMPTS, new Document<>("attempts", ModelToJson::attempts, JsonToModel::attempts))
      .add(LipSyncResult.class, new Document<>("result", ModelToJson::result, JsonToModel::result))
      .build();
  private static final JsonAdapter<LipSyncJob> JOB = MOSHI.adapter(LipSyncJob.class);
  private static final JsonAdapter<List<Attempt>> ATTEMPT_LIST = MOSHI.adapter(ATTEMPTS);
  private static final JsonAdapter<LipSyncResult> RESULT = MOSHI.adapter(LipSyncResult.class);

  private JobJson() {}

  /**
   * The job as JSON.
   *
   * @throws InvalidRequestException if a dub chooses its face by {@link FaceSelector#matching code},
   *     which cannot be stored; one violation per such dub, e.g. {@code dub[1].face}
   */
  public static String write(LipSyncJob job) {
    Objects.requireNonNull(job, "job == null");
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < job.dubs().size(); i++) {
      if (job.dubs().get(i).face() instanceof FaceSelector.Matching matching) {
        violations.add(new Violation("dub[" + i + "].face", matching.description(), MATCHING_RULE));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    return JOB.toJson(job);
  }

  /**
   * The job that {@link #write(LipSyncJob)} wrote.
   *
   * @throws IllegalArgumentException if {@code json} is not a job's JSON of format 1, naming the place,
   *     e.g. {@code job JSON at $.dubs[0].audio.type: unknown audio type "mp4"}
   * @throws InvalidRequestException if the job it describes breaks a rule of the model
   */
  public static LipSyncJob readJob(String json) {
    return read(JOB, json);
  }

  /** The attempts as a JSON array, in their order. */
  public static String writeAttempts(List<Attempt> attempts) {
    return ATTEMPT_LIST.toJson(Objects.requireNonNull(attempts, "attempts == null"));
  }

  /**
   * The attempts that {@link #writeAttempts(List)} wrote.
   *
   * @throws IllegalArgumentException if {@code json} is not such an array, naming the place
   */
  public static List<Attempt> readAttempts(String json) {
    return List.copyOf(read(ATTEMPT_LIST, json));
  }

  /** The result as JSON, with its attempts and videos. */
  public static String write(LipSyncResult result) {
    return RESULT.toJson(Objects.requireNonNull(result, "result == null"));
  }

  /**
   * The result that {@link #write(LipSyncResult)} wrote.
   *
   * @throws IllegalArgumentException if {@code json} is not a result's JSON, naming the place
   */
  public static LipSyncResult readResult(String json) {
    return read(RESULT, json);
  }

  private static <T> T read(JsonAdapter<T> adapter, String json) {
    Objects.requireNonNull(json, "json == null");
    try {
      return Objects.requireNonNull(adapter.fromJson(json));
    } catch (IOException e) {
      // Document.fromJson turns every IOException into an IllegalArgumentException.
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  private interface Write<T> {
    void write(JsonWriter out, T value) throws IOException;
  }

  /**
   * One kind of document. Its reading turns every failure into an {@link IllegalArgumentException}
   * that names the document and the place, whatever failed: the syntax, the form or a value.
   */
  private static final class Document<T> extends JsonAdapter<T> {
    private final String what;
    private final Write<T> writing;
    private final JsonToModel.Read<T> reading;

    Document(String what, Write<T> writing, JsonToModel.Read<T> reading) {
      this.what = what;
      this.writing = writing;
      this.reading = reading;
    }

    @Override
    public T fromJson(JsonReader in) {
      try {
        T value = reading.read(in);
        // Anything after the document is refused here, where the message can still name the place.
        if (in.peek() != JsonReader.Token.END_DOCUMENT) {
          throw new JsonDataException("more JSON after the " + what);
        }
        return value;
      } catch (MalformedJson e) {
        throw new IllegalArgumentException(what + " JSON " + e.getMessage(), e);
      } catch (JsonEncodingException e) {
        // Moshi's own message advises a lenient reader, which is no help to whoever reads this one.
        throw new IllegalArgumentException(what + " JSON at " + in.getPath() + ": malformed JSON", e);
      } catch (JsonDataException | IOException e) {
        throw new IllegalArgumentException(what + " JSON at " + in.getPath() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void toJson(JsonWriter out, @Nullable T value) throws IOException {
      writing.write(out, Objects.requireNonNull(value, what + " == null"));
    }
  }
}
