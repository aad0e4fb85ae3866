package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** The vendor does not know the task, session or resource (HTTP 404, Kling 1202–1203). */
public final class NotFoundException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public NotFoundException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_FOUND;
  }
}
