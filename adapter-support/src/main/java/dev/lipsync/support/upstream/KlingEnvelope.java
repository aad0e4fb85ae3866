package dev.lipsync.support.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Kling's answer envelope {@code {code, message, request_id, data}}, which relays pass through; {@code
 * code} 0 is success. The code is read as text so that {@code "0"} or a code that is no number still
 * parses, and {@link UpstreamMapper#dataOf} decides what it means.
 *
 * @param <T> the shape of {@code data}
 */
public final class KlingEnvelope<T> {
  /** {@code 0} on success, else Kling's business code (or a relay's word). */
  public @Nullable String code;
  /** Kling's message, {@code SUCCEED} or why not. */
  public @Nullable String message;
  /** Kling's id of the answer. */
  public @Nullable String request_id;
  /** What the answer carries. */
  public @Nullable T data;
}
