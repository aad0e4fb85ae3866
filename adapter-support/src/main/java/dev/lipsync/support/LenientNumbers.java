package dev.lipsync.support;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads numbers that vendors send either as JSON numbers or as strings ({@code 2000} or {@code
 * "2000"}, as CometAPI's examples do), and writes them as numbers. Registered for {@code Long}, {@code
 * Integer} and {@code Double}, boxed or not; an empty string reads as null. A whole number written
 * with more than 64 characters is refused before it is parsed, however it is written.
 */
final class LenientNumbers implements JsonAdapter.Factory {
  static final LenientNumbers FACTORY = new LenientNumbers();
  /** The longest text read as a whole number: a long has 19 digits, written at most a little longer. */
  private static final int MAX_WHOLE_NUMBER_CHARS = 64;

  @Override
  public @Nullable JsonAdapter<?> create(
      Type type, Set<? extends java.lang.annotation.Annotation> annotations, com.squareup.moshi.Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    if (type == Long.class || type == long.class) {
      return new Adapter(Kind.LONG).nullSafe();
    }
    if (type == Integer.class || type == int.class) {
      return new Adapter(Kind.INT).nullSafe();
    }
    if (type == Double.class || type == double.class) {
      return new Adapter(Kind.DOUBLE).nullSafe();
    }
    return null;
  }

  private enum Kind { LONG, INT, DOUBLE }

  private static final class Adapter extends JsonAdapter<Number> {
    private final Kind kind;

    Adapter(Kind kind) {
      this.kind = kind;
    }

    @Override
    public @Nullable Number fromJson(JsonReader reader) throws IOException {
      JsonReader.Token token = reader.peek();
      if (token != JsonReader.Token.STRING && token != JsonReader.Token.NUMBER) {
        throw new JsonDataException("Expected a number but was " + token + " at path " + reader.getPath());
      }
      String text = reader.nextString().strip();
      if (text.isEmpty()) {
        return null;
      }
      if (kind != Kind.DOUBLE && text.length() > MAX_WHOLE_NUMBER_CHARS) {
        // Making a decimal of a million digits whole takes tens of seconds; no long needs that many.
        throw new JsonDataException("Expected a whole number but got " + text.length()
            + " characters at path " + reader.getPath());
      }
      try {
        return switch (kind) {
          case DOUBLE -> Double.parseDouble(text);
          case LONG -> new BigDecimal(text).longValueExact();
          case INT -> new BigDecimal(text).intValueExact();
        };
      } catch (NumberFormatException | ArithmeticException e) {
        throw new JsonDataException(
            "Expected a " + (kind == Kind.DOUBLE ? "number" : "whole number") + " but was \""
                + text + "\" at path " + reader.getPath());
      }
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable Number value) throws IOException {
      writer.value(value);
    }
  }
}
