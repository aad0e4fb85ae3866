package dev.lipsync.kling;

import org.jspecify.annotations.Nullable;

/**
 * Kling's answer envelope {@code {code, message, request_id, data}}; {@code code} 0 is success. The code
 * is read as text so that {@code "0"} or a code that is no number still parses, and the mapper decides
 * what it means.
 */
final class KlingEnvelope<T> {
  @Nullable String code;
  @Nullable String message;
  @Nullable String request_id;
  @Nullable T data;
}
