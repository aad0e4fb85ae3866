package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** The vendor's answer could not be read: malformed or cut-off JSON, an HTML page, an empty body, an unexpected shape, a redirect. */
public final class ProtocolException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(@Nullable String vendor, String message) {
    this(ErrorContext.of(vendor), message, null);
  }

  public ProtocolException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.PROTOCOL;
  }
}
