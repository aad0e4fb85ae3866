package dev.lipsync.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A vendor's API key. It never shows: {@link #toString()} prints {@code ApiKey[****]}, and only the
 * HTTP layer of this package reads the value, to put it in the {@code Authorization} header. Error
 * messages pass through {@link #redact(String)} so a vendor echoing the key back cannot leak it.
 */
public final class ApiKey {
  private static final String MASK = "****";
  /** The shortest start of the key that is masked on its own. */
  static final int MIN_PREFIX = 8;

  private final String value;
  /** Other secrets of the same credentials (a vendor's secret key beside its access key), masked too. */
  private final List<String> alsoMasked;

  private ApiKey(String value, List<String> alsoMasked) {
    this.value = value;
    this.alsoMasked = alsoMasked;
  }

  /**
   * Wraps a key.
   *
   * @throws IllegalArgumentException if the key is blank or holds whitespace, control characters or
   *     anything but printable ASCII (it travels in an HTTP header)
   */
  public static ApiKey of(String value) {
    Objects.requireNonNull(value, "apiKey == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("API key is blank");
    }
    if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("API key holds whitespace or control characters");
    }
    // It travels in an HTTP header, which carries printable ASCII only: refused here, not at the call.
    if (value.chars().anyMatch(c -> c > 0x7e)) {
      throw new IllegalArgumentException("API key holds a character that is not printable ASCII");
    }
    return new ApiKey(value, List.of());
  }

  /**
   * This key, whose {@link #redact} also masks {@code secret}: for a vendor whose credentials are more
   * than the key sent (Kling's secret key, which signs the token sent instead of any key). The key's
   * value, and so what is sent, stays the same.
   *
   * @throws IllegalArgumentException if {@code secret} is blank
   */
  public ApiKey alsoMasking(String secret) {
    Objects.requireNonNull(secret, "secret == null");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("secret is blank");
    }
    if (secret.equals(value) || alsoMasked.contains(secret)) {
      return this;
    }
    List<String> secrets = new ArrayList<>(alsoMasked);
    secrets.add(secret);
    return new ApiKey(value, List.copyOf(secrets));
  }

  String value() {
    return value;
  }

  /**
   * {@code text} with every occurrence of the key replaced by {@code ****}, and every start of it of 8
   * characters or more that is cut off there (see {@link #mask}).
   */
  public String redact(String text) {
    String masked = mask(text, value);
    for (String secret : alsoMasked) {
      masked = mask(masked, secret);
    }
    return masked;
  }

  /**
   * {@code text} with every occurrence of {@code secret} replaced by {@code ****}, and every start of it
   * of 8 characters or more that is cut off there (the text or the word ends with it: a message cut
   * short). A start of the secret that goes on with other letters or digits is another word, such as an
   * id that shares the secret's first characters, and is left alone. The one way the library masks a
   * key, for its own messages and for a command's output.
   */
  public static String mask(String text, String secret) {
    if (secret.isEmpty()) {
      return text;
    }
    String head = secret.length() <= MIN_PREFIX ? secret : secret.substring(0, MIN_PREFIX);
    int found = text.indexOf(head);
    if (found < 0) {
      return text;
    }
    StringBuilder masked = new StringBuilder(text.length());
    int copied = 0;
    while (found >= 0) {
      int end = found + head.length();
      while (end < text.length() && end - found < secret.length() && text.charAt(end) == secret.charAt(end - found)) {
        end++;
      }
      boolean whole = end - found == secret.length();
      if (whole || end == text.length() || !isWordChar(text.charAt(end))) {
        masked.append(text, copied, found).append(MASK);
        copied = end;
      }
      found = text.indexOf(head, end);
    }
    return masked.append(text, copied, text.length()).toString();
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "ApiKey[" + MASK + "]";
  }
}
