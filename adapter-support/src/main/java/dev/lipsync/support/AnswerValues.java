package dev.lipsync.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Tolerant readers of values in vendors' answers, for adapters' mappers: a value that cannot be used
 * reads as absent, and the mapper decides whether its absence matters.
 *
 * <pre>{@code
 * URI thumbnail = AnswerValues.httpUrlOrNull(face.face_image);   // null: the face has no thumbnail
 * URI video = AnswerValues.httpUrlOrNull(result.url);
 * if (video == null) {
 *   throw new ProtocolException(VENDOR, "the task succeeded without a result video URL");
 * }
 * }</pre>
 *
 * Stateless; thread-safe.
 */
public final class AnswerValues {
  /** The longest a length of video may read as; anything longer is a vendor's mistake. */
  private static final double MAX_SECONDS = 24 * 60 * 60;

  private AnswerValues() {}

  /**
   * A length sent as a string of seconds, as Kling writes a video's ({@code "5.1"}), to the
   * millisecond; null when it is null, blank, not a number, negative or longer than a day. It is read
   * as a double, which no text can make slow: as a decimal, {@code "1e99999999"} would take minutes to
   * make whole.
   */
  public static @Nullable Duration secondsOrNull(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
    return seconds >= 0 && seconds <= MAX_SECONDS ? Duration.ofMillis(Math.round(seconds * 1000)) : null;
  }

  /**
   * {@code text}, stripped, as an absolute http or https URL with a host; null when it is null, blank,
   * not a URI, or any other kind of URI.
   */
  public static @Nullable URI httpUrlOrNull(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
