package dev.lipsync.apimodels;

import org.jspecify.annotations.Nullable;

/**
 * Every answer and every callback: {@code {code, msg, data}}. {@code code} is 200 on success and an
 * HTTP-like status otherwise, even when the HTTP status itself is 200; it is read as text because it
 * may come as a number or a string.
 */
final class Envelope {
  @Nullable String code;
  @Nullable String msg;
  /** Upstream's name for {@code msg}. */
  @Nullable String message;
  @Nullable TaskData data;
}
