package dev.lipsync.apimodels;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.ToJson;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@link EmbeddedJson} {@link ResultJson}: a JSON string holding the object, parsed once more.
 * An object given directly, JSON null, a blank string and the string {@code "null"} are read too, so
 * the field survives the vendor changing its mind.
 */
final class ResultJsonAdapter {

  @FromJson
  @EmbeddedJson
  @Nullable ResultJson fromJson(JsonReader reader, JsonAdapter<ResultJson> object) throws IOException {
    return switch (reader.peek()) {
      case NULL -> reader.nextNull();
      case STRING -> {
        String text = reader.nextString();
        // Lenient: the page's own example keeps a comment inside this JSON.
        yield text.isBlank() ? null : object.lenient().fromJson(text);
      }
      default -> object.fromJson(reader);
    };
  }

  @ToJson
  void toJson(JsonWriter writer, @EmbeddedJson @Nullable ResultJson value, JsonAdapter<ResultJson> object)
      throws IOException {
    if (value == null) {
      writer.nullValue();
    } else {
      writer.value(object.toJson(value));
    }
  }
}
