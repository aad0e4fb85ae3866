package dev.lipsync.alad;

import org.jspecify.annotations.Nullable;

/**
 * What every alad answer may carry at its top: a code and a message. Kling's envelope gives the code
 * as a number (0 is success); the relay software behind alad's generic shape gives it as a word
 * ({@code "success"}, or an error word such as {@code "invalid_request"}).
 */
abstract class Envelope {
  @Nullable Object code;
  @Nullable String message;
  @Nullable String msg;
}
