package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** The vendor is down, overloaded or unreachable (HTTP 5xx, Kling 5000–5002, a refused connection). Safe calls may be tried again; another vendor may serve. */
public final class UnavailableException extends RetryableException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public UnavailableException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.UNAVAILABLE;
  }
}
