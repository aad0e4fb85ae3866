package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** The vendor refused the content: policy (Kling 1300–1301) or no usable face. Another vendor would most likely refuse it too. */
public final class ContentRejectedException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public ContentRejectedException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public ContentRejectedException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.CONTENT_REJECTED;
  }
}
