package dev.lipsync.core.error;

import org.jspecify.annotations.Nullable;

/** A failure that the same call, tried again, would meet again. */
public abstract sealed class NonRetryableException extends LipSyncException
    permits InvalidRequestException,
        NotSupportedException,
        AuthenticationException,
        OutOfCreditException,
        SubmitOutcomeUnknownException,
        ContentRejectedException,
        TaskFailedException,
        NotFoundException,
        SessionExpiredException,
        ProtocolException,
        DeadlineExceededException {
  private static final long serialVersionUID = 1L;

  NonRetryableException(ErrorContext context, String message, @Nullable Throwable cause) {
    super(context, message, cause);
  }

  @Override
  public final boolean isRetryable() {
    return false;
  }
}
