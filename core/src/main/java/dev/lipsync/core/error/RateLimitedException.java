package dev.lipsync.core.error;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The vendor asks to slow down: too many requests or too many tasks at once (HTTP 429, Kling 1302,
 * 1303). Carries the delay the vendor asked for, when it gave one.
 */
public final class RateLimitedException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  public RateLimitedException(
      ErrorContext context, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(context, message, cause);
    this.retryAfter = retryAfter;
  }

  /** The delay the vendor asked for (its {@code Retry-After}), if it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.RATE_LIMITED;
  }
}
