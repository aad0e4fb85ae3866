package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** A failure that may pass: the same call, tried again later, may succeed. */
public abstract sealed class RetryableException extends LipSyncException
    permits RateLimitedException, UnavailableException {
  private static final long serialVersionUID = 1L;

  RetryableException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public final boolean isRetryable() {
    return true;
  }
}
