package dev.lipsync.core.model;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import java.util.Locale;

/** The languages of the vendors' built-in voices. */
public enum VoiceLanguage {
  ZH,
  EN;

  /** The wire code, {@code zh} or {@code en}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The language for a code such as {@code en}.
   *
   * @throws InvalidRequestException if the code is neither {@code zh} nor {@code en}
   */
  public static VoiceLanguage fromCode(String code) {
    for (VoiceLanguage language : values()) {
      if (language.code().equalsIgnoreCase(code.strip())) {
        return language;
      }
    }
    throw new InvalidRequestException(
        new Violation("speech.language", code, "must be zh or en"));
  }
}
