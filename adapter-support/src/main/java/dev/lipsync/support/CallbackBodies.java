package dev.lipsync.support;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.model.TaskSnapshot;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
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
}
