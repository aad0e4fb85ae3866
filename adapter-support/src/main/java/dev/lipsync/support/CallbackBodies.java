package dev.lipsync.support;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.model.TaskSnapshot;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a vendor's callback body the one way every adapter must: the API key is masked in the body
 * before anything reads it (so no id or message taken from it can carry the key), the vendor's shape is
 * parsed, then mapped; whatever goes wrong on the way is a {@link ProtocolException} naming the vendor,
 * never another exception:
 *
 * <pre>{@code
 * public TaskSnapshot parseCallback(String body) {
 *   return CallbackBodies.read(ID, apiKey, body, callbackAdapter::fromJson, AcmeMapper::toCoreCallback);
 * }
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class CallbackBodies {
  private CallbackBodies() {}

  /** Parses a callback body into the vendor's wire type; null for a body that holds nothing. */
  @FunctionalInterface
  public interface Parser<T> {
    /** The wire value in {@code body}, or null. */
    @Nullable T parse(String body) throws IOException;
  }

  /**
   * The snapshot in {@code body}.
   *
   * @param vendor the vendor's id, named in every error
   * @param key the key to mask in the body before it is read
   * @param parse reads the vendor's shape
   * @param map turns it into a snapshot; may throw the library's errors, which pass as they are
   * @throws ProtocolException if the body is not the vendor's callback, is empty, or cannot be mapped
   */
  public static <T> TaskSnapshot read(
      String vendor, ApiKey key, String body, Parser<T> parse, Function<? super T, TaskSnapshot> map) {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(parse, "parse == null");
    Objects.requireNonNull(map, "map == null");
    String masked = key.redact(Objects.requireNonNull(body, "body == null"));
    T wire;
    try {
      wire = parse.parse(masked);
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException(ErrorContext.of(vendor),
          "the callback is not " + vendor + "'s callback (" + e.getClass().getSimpleName() + ")", e);
    }
    if (wire == null) {
      throw new ProtocolException(vendor, "the callback body is empty");
    }
    try {
      return map.apply(wire);
    } catch (LipSyncException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProtocolException(ErrorContext.of(vendor), "the callback could not be read", e);
    }
  }

  /**
   * A parser of Kling's task callback in either shape a vendor posts it: the bare task object (Kling's
   * own, and CometAPI's passing it on) or the task under an envelope's {@code data} (a relay wrapping
   * it). A body is the bare task when it names {@code task_id} or {@code task_status} at its top level
   * before anything else decides it; it is an envelope when it has {@code data} and neither.
   *
   * @param bare reads the task object
   * @param enveloped reads the envelope
   * @param data the task in an envelope, or null
   */
  public static <T, E> Parser<T> taskOrEnvelope(
      JsonAdapter<T> bare, JsonAdapter<E> enveloped, Function<? super E, @Nullable T> data) {
    Objects.requireNonNull(bare, "bare == null");
    Objects.requireNonNull(enveloped, "enveloped == null");
    Objects.requireNonNull(data, "data == null");
    return body -> {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body));
      boolean isEnvelope;
      try (JsonReader peek = reader.peekJson()) {
        isEnvelope = isEnvelope(peek);
      }
      if (!isEnvelope) {
        return bare.fromJson(reader);
      }
      E envelope = enveloped.fromJson(reader);
      return envelope == null ? null : data.apply(envelope);
    };
  }

  /** Whether a JSON object wraps the task in {@code data} rather than being it. */
  private static boolean isEnvelope(JsonReader reader) throws IOException {
    boolean data = false;
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      if (name.equals("task_id") || name.equals("task_status")) {
        return false;
      }
      data |= name.equals("data");
      reader.skipValue();
    }
    return data;
  }
}
