package dev.lipsync.core.gateway;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SessionExpiredException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.store.JobRecord;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * How a job that another gateway ended, as its record says, ends a handle here: the failure as the
 * exception of its kind, with the vendor, the task and the message the record kept, so that an
 * application handles it as if its own gateway had ended the job.
 */
final class RecordedEnding {
  private RecordedEnding() {}

  /** The failure of an ended job without a video: a {@link CancellationException} if it was cancelled. */
  static RuntimeException failureOf(JobRecord record) {
    if (record.state() == JobState.CANCELLED) {
      return new CancellationException("the job was cancelled");
    }
    TaskRef ref = record.taskRef();
    ErrorContext context = ErrorContext.of(record.vendor()).withTaskRef(ref);
    String message = record.failureMessage() != null ? record.failureMessage() : "the job failed";
    FailureKind kind = record.failure() != null ? record.failure() : FailureKind.PROTOCOL;
    return switch (kind) {
      case INVALID_REQUEST -> new InvalidRequestException(context, message, null);
      case NOT_SUPPORTED -> new NotSupportedException(context, message, null);
      case AUTHENTICATION -> new AuthenticationException(context, message, null);
      case OUT_OF_CREDIT -> new OutOfCreditException(context, message, null);
      case RATE_LIMITED -> new RateLimitedException(context, message, null, null);
      case UNAVAILABLE -> new UnavailableException(context, message, null);
      case SUBMIT_OUTCOME_UNKNOWN -> new SubmitOutcomeUnknownException(context, message, null, null);
      case CONTENT_REJECTED -> new ContentRejectedException(context, message, null);
      case TASK_FAILED -> ref == null ? new ProtocolException(context, message, null)
          : new TaskFailedException(TaskSnapshot.builder(ref, TaskState.FAILED)
              .failure(new TaskFailure(null, message)).build());
      case NOT_FOUND -> new NotFoundException(context, message, null);
      case SESSION_EXPIRED -> new SessionExpiredException(context, message, null);
      case PROTOCOL -> new ProtocolException(context, message, null);
      case DEADLINE_EXCEEDED ->
          new DeadlineExceededException(context, Duration.between(record.createdAt(), record.updatedAt()), null);
      case CLOSED -> new GatewayClosedException(context, message, null, false);
    };
  }
}
