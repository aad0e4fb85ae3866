package dev.lipsync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okio.Buffer;
import okio.ByteString;

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

  /** What {@link #mask} looks for of each secret, as bytes: see {@link #mayAppearIn}. */
  private final List<ByteString> heads;

  private ApiKey(String value, List<String> alsoMasked) {
    this.value = value;
    this.alsoMasked = alsoMasked;
    List<ByteString> heads = new ArrayList<>();
    heads.add(ByteString.encodeUtf8(head(value)));
    alsoMasked.forEach(secret -> heads.add(ByteString.encodeUtf8(head(secret))));
    this.heads = List.copyOf(heads);
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
   * Whether {@link #redact} could change the text that {@code bytes} hold, read in a charset where ASCII
   * is its own bytes (UTF-8): whether they hold the start that {@link #mask} looks for of any secret.
   * Every secret is printable ASCII, so in such a charset it can appear in the text only where its
   * bytes appear.
   */
  boolean mayAppearIn(Buffer bytes) {
    try {
      for (ByteString head : heads) {
        if (bytes.indexOf(head) >= 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer in memory is read without I/O; never thrown
    }
  }

  /** The start of {@code secret} that {@link #mask} looks for. */
  private static String head(String secret) {
    return secret.length() <= MIN_PREFIX ? secret : secret.substring(0, MIN_PREFIX);
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
    String head = head(secret);
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
