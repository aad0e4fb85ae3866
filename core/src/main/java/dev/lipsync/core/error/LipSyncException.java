package dev.lipsync.core.error;

import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.TaskRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The base of every error the library throws. Unchecked, and it carries data: the {@link #kind()} of
 * failure, the vendor, the HTTP status and the vendor's own code and message, and the task concerned
 * when there is one, so that a paid task's reference is never lost.
 *
 * <p>What the gateway does after each failure (retry the call, poll again, fail over, stop) is its
 * failure table's decision, by operation, as README's failure table shows; {@link #isRetryable()}
 * answers the application's own question, whether the same job may get past it later.
 */
public abstract sealed class LipSyncException extends RuntimeException
    permits RateLimitedException,
        UnavailableException,
        InvalidRequestException,
        NotSupportedException,
        AuthenticationException,
        OutOfCreditException,
        SubmitOutcomeUnknownException,
        ContentRejectedException,
        TaskFailedException,
        NotFoundException,
        SessionExpiredException,
        ProtocolException,
        DeadlineExceededException,
        GatewayClosedException {
  private static final long serialVersionUID = 1L;

  private transient volatile ErrorContext context;
  private final String reason;
  private transient volatile List<ChainStep> finishedSteps = List.of();

  LipSyncException(ErrorContext context, String reason, @Nullable Throwable cause) {
    super(reason, cause);
    this.context = Objects.requireNonNull(context, "context == null");
    this.reason = reason;
  }

  /**
   * The reason with where it came from: vendor, HTTP status, the vendor's code and message, task; and
   * the steps of a chain that were finished before it ({@link #finishedSteps()}).
   */
  @Override
  public String getMessage() {
    List<ChainStep> steps = finishedSteps;
    String message = describe(context, reason);
    if (steps.isEmpty()) {
      return message;
    }
    StringBuilder text = new StringBuilder(message).append(" (finished before it, paid:");
    steps.forEach(step -> text.append(' ').append(step).append(';'));
    text.setLength(text.length() - 1);
    return text.append(')').toString();
  }

  /**
   * Records the steps of a chain of tasks that were finished before this error ended the job ({@link
   * dev.lipsync.core.model.LipSyncJob#chaining()}), so that their paid tasks and videos are not lost;
   * like {@link #attachTaskRef}, this adds to an error on its way up.
   *
   * @return this exception
   */
  public LipSyncException attachFinishedSteps(List<ChainStep> steps) {
    finishedSteps = List.copyOf(steps);
    return this;
  }

  /**
   * The steps of a chain of paid tasks finished before this error ended the job, in order, each with
   * its task and video: the job's faces the error left undubbed are dubbed on the last one's video.
   * Empty when the job was not a chain, or the error struck its first step.
   */
  public List<ChainStep> finishedSteps() {
    return finishedSteps;
  }

  /**
   * Records the task this error concerns, if it names none yet; like {@link #addSuppressed}, this adds
   * to an error on its way up. The gateway uses it so that an error met while tracking a paid task
   * always carries the task's reference.
   *
   * @return this exception
   */
  public LipSyncException attachTaskRef(TaskRef taskRef) {
    Objects.requireNonNull(taskRef, "taskRef == null");
    synchronized (this) {
      if (context.taskRef() == null) {
        context = context.withTaskRef(taskRef);
      }
    }
    return this;
  }

  /** What went wrong, without the vendor and context that {@link #getMessage()} adds. */
  public String reason() {
    return reason;
  }

  /** The class of failure, as the gateway's failure table names it. */
  public abstract FailureKind kind();

  /**
   * Whether running the same job again later may get past this failure: it is the vendor's state
   * (rate limited, however long it asked to wait; down or unreachable; a face session it let expire),
   * not the request's. Not whether the gateway tried again at once, which its failure table decides by
   * operation: an unreachable vendor, for example, is left for the next one rather than retried.
   */
  public boolean isRetryable() {
    return kind().passes();
  }

  /** Where the error came from. */
  public ErrorContext context() {
    return context;
  }

  /** The vendor's id, or null when the error arose before anything was sent. */
  public @Nullable String vendor() {
    return context.vendor();
  }

  /** The HTTP status of the vendor's answer, or 0 when there was none. */
  public int httpStatus() {
    return context.httpStatus();
  }

  /** The vendor's business code, or null. */
  public @Nullable String vendorCode() {
    return context.vendorCode();
  }

  /** The vendor's message, or null. */
  public @Nullable String vendorMessage() {
    return context.vendorMessage();
  }

  /** The task concerned, if any. */
  public Optional<TaskRef> taskRef() {
    return Optional.ofNullable(context.taskRef());
  }

  /**
   * The failure a future completed with, without the {@link CompletionException} and {@link
   * ExecutionException} wrappers that composing and joining add: what
   * to test with {@code instanceof}, log or rethrow.
   */
  public static Throwable causeOf(Throwable failure) {
    Throwable current = Objects.requireNonNull(failure, "failure == null");
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String describe(ErrorContext context, String message) {
    StringBuilder text = new StringBuilder();
    if (context.vendor() != null) {
      text.append('[').append(context.vendor()).append("] ");
    }
    text.append(message);
    StringBuilder detail = new StringBuilder();
    if (context.httpStatus() != 0) {
      detail.append("HTTP ").append(context.httpStatus());
    }
    if (context.vendorCode() != null) {
      detail.append(detail.length() > 0 ? ", " : "").append("code ").append(context.vendorCode());
    }
    if (context.vendorMessage() != null && !context.vendorMessage().equals(message)) {
      detail.append(detail.length() > 0 ? ": " : "").append(context.vendorMessage());
    }
    if (context.taskRef() != null) {
      detail.append(detail.length() > 0 ? "; " : "").append("task ").append(context.taskRef());
    }
    if (detail.length() > 0) {
      text.append(" (").append(detail).append(')');
    }
    return text.toString();
  }
}
