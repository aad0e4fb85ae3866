package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** The vendor cannot do what the job asks, such as text mode where it has none. Found before sending; the gateway routes around it. */
public final class NotSupportedException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public NotSupportedException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public NotSupportedException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_SUPPORTED;
  }
}
