package dev.lipsync.core.error;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The vendor asks to slow down: too many requests (HTTP 429, Kling 1302), or too many of the account's
 * tasks at once (Kling 1303, {@link #tasksInFlight()}). Carries the delay the vendor asked for, when it
 * gave one.
 */
public final class RateLimitedException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;
  private final boolean tasksInFlight;

  public RateLimitedException(
      ErrorContext context, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    this(context, message, retryAfter, false, cause);
  }

  /**
   * @param tasksInFlight whether the limit is of the account's tasks in flight (Kling 1303), which
   *     free up as tasks end, rather than of requests
   */
  public RateLimitedException(ErrorContext context, String message, @Nullable Duration retryAfter,
      boolean tasksInFlight, @Nullable Throwable cause) {
    super(context, message, cause);
    this.retryAfter = retryAfter;
    this.tasksInFlight = tasksInFlight;
  }

  /**
   * Whether the vendor runs as many of the account's tasks as it allows at once (Kling 1303): a submit
   * waits at the vendor until one ends, rather than going elsewhere.
   */
  public boolean tasksInFlight() {
    return tasksInFlight;
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
