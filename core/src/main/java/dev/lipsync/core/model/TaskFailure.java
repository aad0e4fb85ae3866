package dev.lipsync.core.model;

import org.jspecify.annotations.Nullable;

/**
 * Why a vendor's task failed, in the vendor's words.
 *
 * @param code the vendor's failure code, or null
 * @param message the vendor's message, or null
 */
public record TaskFailure(@Nullable String code, @Nullable String message) {

  @Override
  public String toString() {
    if (code == null) {
      return message == null ? "(no reason given)" : message;
    }
    return message == null ? code : code + ": " + message;
  }
}
