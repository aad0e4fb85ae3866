package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The vendor is down, overloaded or unreachable (HTTP 5xx, Kling 5000–5002, a refused connection). Safe
 * calls may be tried again; another vendor may serve. A submit that was sent and answered so may still
 * have created its task, so the gateway treats that as an unknown outcome, never as a refusal.
 *
 * <p>{@link #unreachable()} tells the failures where nothing was sent (the connection could not be made)
 * from those where the vendor was reached and failed: a vendor that cannot be reached now is rarely
 * reachable a second later, so the gateway fails over at once rather than waiting to try it again.
 */
public final class UnavailableException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  private final boolean unreachable;

  public UnavailableException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public UnavailableException(ErrorContext context, String message, @Nullable Throwable cause) {
    this(context, message, cause, false);
  }

  private UnavailableException(
      ErrorContext context, String message, @Nullable Throwable cause, boolean unreachable) {
    super(context, message, cause);
    this.unreachable = unreachable;
  }

  /**
   * The vendor could not be reached at all: the connection was refused or could not be made, the call
   * was given up while still waiting in this process's HTTP client, or the gateway's circuit breaker
   * held it back; no byte of the request was sent.
   */
  public static UnavailableException unreachable(
      ErrorContext context, String message, @Nullable Throwable cause) {
    return new UnavailableException(context, message, cause, true);
  }

  /** Whether the request was never sent because the vendor could not be reached. */
  public boolean unreachable() {
    return unreachable;
  }

  @Override
  public FailureKind kind() {
    return FailureKind.UNAVAILABLE;
  }
}
