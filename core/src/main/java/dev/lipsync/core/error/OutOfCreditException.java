package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** The account has no credit or resource pack left (HTTP 402, Kling 1100–1102). Another vendor may serve. */
public final class OutOfCreditException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public OutOfCreditException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public OutOfCreditException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.OUT_OF_CREDIT;
  }
}
