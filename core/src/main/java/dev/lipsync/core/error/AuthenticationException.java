package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** The vendor refused the key or the account's access (HTTP 401/403, Kling 1000–1004, 1103, 1304). Another vendor may serve. */
public final class AuthenticationException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public AuthenticationException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.AUTHENTICATION;
  }
}
