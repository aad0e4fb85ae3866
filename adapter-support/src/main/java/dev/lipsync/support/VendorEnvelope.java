package dev.lipsync.support;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.TaskRef;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads the code and message a vendor wraps every answer in ({@code {code, message, data}}), the one
 * way every adapter must: a code that is not one of the vendor's success codes is the error {@link
 * ErrorMapper} makes of it, exactly as for the same code in a non-2xx answer, with the API key masked
 * in the vendor's message. Vendors say "success" differently (Kling says {@code 0}, apimodels {@code
 * 200}, a relay {@code "success"}), so each adapter names its own codes once:
 *
 * <pre>{@code
 * static final VendorEnvelope ENVELOPE = VendorEnvelope.of(VENDOR, "0", "success");
 *
 * static FaceSession toCoreSession(IdentifyAnswer answer, ApiKey key) {
 *   ENVELOPE.check(answer.code, answer.message, key, null);
 *   ...
 * }
 * }</pre>
 *
 * <p>How a code is compared: a number by its value ({@code 0}, {@code "0"} and {@code 0.0} are one
 * code), a word without regard to case or surrounding white space. An envelope with no code, or a
 * blank one, reports no error: what it carries is the adapter's to judge. Immutable and thread-safe.
 */
public final class VendorEnvelope {
  /** Longer codes are nobody's success code, and are not parsed as numbers. */
  private static final int MAX_CODE_CHARS = 64;
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final String vendor;
  private final List<String> successCodes;
  /** The success codes as compared: stripped and in lower case. */
  private final Set<String> successWords;
  /** The values of the success codes that are numbers. */
  private final List<Double> successNumbers;

  private VendorEnvelope(String vendor, List<String> successCodes) {
    this.vendor = vendor;
    this.successCodes = successCodes;
    this.successWords = successCodes.stream()
        .map(code -> code.strip().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
    this.successNumbers = successCodes.stream()
        .map(code -> number(code.strip()))
        .filter(Objects::nonNull)
        .toList();
  }

  /**
   * The envelope of {@code vendor}, whose answers report success with any of {@code successCodes}.
   *
   * @throws IllegalArgumentException if no success code is given, or one is blank
   */
  public static VendorEnvelope of(String vendor, String... successCodes) {
    Objects.requireNonNull(vendor, "vendor == null");
    List<String> codes = List.of(successCodes);
    if (codes.isEmpty()) {
      throw new IllegalArgumentException("successCodes: none given; a vendor reports success somehow");
    }
    for (String code : codes) {
      if (code.isBlank()) {
        throw new IllegalArgumentException("successCodes: \"" + code + "\" is blank");
      }
    }
    return new VendorEnvelope(vendor, codes);
  }

  /**
   * Throws the error an envelope reports, if it reports one.
   *
   * @param code the envelope's code as read: text, a number, or null when absent
   * @param message the vendor's message, masked with {@code key} before it is kept
   * @param ref the task the answer is about, if known, so the error names it
   * @throws LipSyncException the class the code means, when it is not a success code
   */
  public void check(@Nullable Object code, @Nullable String message, ApiKey key, @Nullable TaskRef ref) {
    LipSyncException error = errorOf(code, message, key, ref);
    if (error != null) {
      throw error;
    }
  }

  /**
   * The error an envelope reports, or null when it reports success or has no code. The same as {@link
   * #check}, for an adapter that must look further before it throws.
   */
  public @Nullable LipSyncException errorOf(
      @Nullable Object code, @Nullable String message, ApiKey key, @Nullable TaskRef ref) {
    Objects.requireNonNull(key, "key == null");
    if (code == null) {
      return null;
    }
    String text = scalar(code);
    if (text != null && (text.isBlank() || isSuccess(text))) {
      return null;
    }
    String said = message == null || message.isBlank() ? null : key.redact(message);
    // A code that is no scalar (an object, a list) is reported without one: nothing of it is meaningful.
    return ErrorMapper.map(new ErrorContext(vendor, 200, text == null ? null : text.strip(), said, ref), null);
  }

  /** Whether {@code code} is one of this vendor's success codes. */
  public boolean isSuccess(String code) {
    String given = code.strip();
    if (given.length() > MAX_CODE_CHARS) {
      return false;
    }
    // The same text is the same code, number or word; that is most answers' "0", and needs no parsing.
    if (successWords.contains(given.toLowerCase(Locale.ROOT))) {
      return true;
    }
    Double number = number(given);
    return number != null && successNumbers.stream().anyMatch(expected -> expected.doubleValue() == number);
  }

  /** A number's text ({@code 0} rather than {@code 0.0}), a word or boolean as it is; null otherwise. */
  private static @Nullable String scalar(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value) : null;
  }

  /** The value of a short decimal text; read as a double, which no text makes slow. */
  private static @Nullable Double number(String text) {
    // "NaN", "Infinity", "0x0p0" and "0d" are words here, though Double.parseDouble reads them.
    if (text.length() > MAX_CODE_CHARS || !DECIMAL.matcher(text).matches()) {
      return null;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "VendorEnvelope[" + vendor + ", success " + successCodes + "]";
  }
}
