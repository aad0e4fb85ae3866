package dev.lipsync.core.gateway;

/**
 * What the gateway made of a vendor's callback, so a web endpoint can answer it: 2xx for {@link
 * #ACCEPTED} and {@link #UNKNOWN_TASK} (a vendor retries anything else, and a task not tracked here
 * will not become tracked by retrying), 4xx for {@link #MALFORMED} and {@link #UNKNOWN_VENDOR}.
 */
public enum CallbackOutcome {
  /** The callback was about a tracked task and was taken (duplicates and late ones included). */
  ACCEPTED,
  /** The callback was readable but about a task this gateway does not track; it was ignored. */
  UNKNOWN_TASK,
  /** The body was not the vendor's callback, or too large to be one (it was then not read). */
  MALFORMED,
  /** No vendor of that name is configured. */
  UNKNOWN_VENDOR;

  /**
   * The HTTP status a callback endpoint answers with, the same at every endpoint: 204 (no content) for
   * {@link #ACCEPTED} and {@link #UNKNOWN_TASK}, so the vendor stops retrying (a task not tracked here
   * will not become tracked by retrying, and polling stays the safety net); 400 for {@link #MALFORMED};
   * 404 for {@link #UNKNOWN_VENDOR}, the answer a wrong token gets, so a caller learns nothing more.
   */
  public int httpStatus() {
    return switch (this) {
      case ACCEPTED, UNKNOWN_TASK -> 204;
      case MALFORMED -> 400;
      case UNKNOWN_VENDOR -> 404;
    };
  }
}
