package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The vendor no longer knows the face session a submit named: sessions expire (Kling documents 24
 * hours), and a vendor may forget one sooner. The vendor refused the submit, so nothing was created.
 * The gateway identifies the faces once more at the same vendor and submits again; should the fresh
 * session be refused too, it moves on to the next vendor.
 *
 * <p>No vendor has a code of its own for this: the adapters' error mapper ({@code dev.lipsync.support.ErrorMapper}) recognises a refusal (invalid
 * request, not found) whose message says the session is expired, invalid or unknown.
 */
public final class SessionExpiredException extends LipSyncException {
  private static final long serialVersionUID = 1L;

  public SessionExpiredException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.SESSION_EXPIRED;
  }
}
