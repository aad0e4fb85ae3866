package dev.lipsync.support;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a vendor's code and message from an error body, whatever its shape: Kling's envelope {@code
 * {"code": 1302, "message": ...}}, the {@code {"code", "msg"}} envelope, an OpenAI-style {@code
 * {"error": {"code", "message"}}}, a generic {@code {"code": "...", "message"}}, an HTML page, or
 * nothing at all.
 */
final class ErrorBodies {
  private static final int MAX_MESSAGE_CHARS = 300;
  private static final Pattern TITLE =
      Pattern.compile("<title>\\s*(.*?)\\s*</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final JsonAdapter<Map<String, Object>> MAP =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private ErrorBodies() {}

  /** A vendor's code and message, either possibly absent. */
  record VendorError(@Nullable String code, @Nullable String message) {}

  /** The code and message in {@code body}; both null when the body says nothing readable. */
  static VendorError read(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return new VendorError(null, "an empty answer");
    }
    String text = body.strip();
    if (text.startsWith("<")) {
      Matcher title = TITLE.matcher(text);
      return new VendorError(null,
          "an HTML page" + (title.find() ? " \"" + clean(title.group(1)) + "\"" : ""));
    }
    Map<String, Object> json;
    try {
      json = text.startsWith("{") ? MAP.lenient().fromJson(text) : null;
    } catch (IOException | RuntimeException e) {
      json = null;
    }
    if (json == null) {
      return new VendorError(null, "an unreadable answer: " + clean(text));
    }
    if (json.get("error") instanceof Map<?, ?> error) {
      return new VendorError(scalar(error.get("code")), message(error));
    }
    Object data = json.get("data");
    String code = scalar(json.get("code"));
    String message = message(json);
    if (message == null && data instanceof Map<?, ?> inner) {
      message = message(inner);
    }
    if (message == null && json.get("error") instanceof String error) {
      message = clean(error);
    }
    return new VendorError(code, message);
  }

  private static @Nullable String message(Map<?, ?> json) {
    for (String key : new String[] {"message", "msg", "fail_reason", "failMsg", "detail"}) {
      String value = scalar(json.get(key));
      if (value != null && !value.isBlank()) {
        return clean(value);
      }
    }
    return null;
  }

  private static @Nullable String scalar(@Nullable Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value) : null;
  }

  /** One line, at most 300 characters: a vendor's page must not flood a log. */
  static String clean(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
