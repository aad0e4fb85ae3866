package dev.lipsync.support;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
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
  /** A plain amount: no sign, no exponent, bounded so that no text makes a huge number. */
  private static final Pattern UNITS = Pattern.compile("\\d{1,12}(\\.\\d{1,6})?");

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
   * An amount a vendor says it billed, in its own units (Kling's {@code final_unit_deduction}, a string
   * such as {@code "5"} or {@code "0.2"}); null when it is null, blank or anything but a plain
   * non-negative decimal of at most 12 digits before the point and 6 after it.
   */
  public static @Nullable BigDecimal unitsOrNull(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String stripped = text.strip();
    return UNITS.matcher(stripped).matches() ? new BigDecimal(stripped) : null;
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
