package dev.lipsync.core.gateway;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SessionExpiredException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.error.UnavailableException;
import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's failure table: from the operation and the failure, what happens next. It is the one
 * place that decides. {@link ResilientProvider} retries a call when it says {@link Next#RETRY} (and
 * counts a failure against the vendor's circuit when {@link #countsAgainstVendor} says so), the
 * tracking polls again on {@link Next#POLL_AGAIN}, and a job identifies again, reconciles, moves to the
 * next vendor, stops, or reports an unknown outcome as it says; so does the two-step {@code identify}.
 *
 * <p>The rule that keeps money safe is in the {@link Operation#SUBMIT} row: a paid submit is repeated,
 * here or at another vendor, only after a failure that proves no task was created. Once a task exists
 * ({@link Operation#STATUS}), no failure sends the job elsewhere; only the task's own failure may, and
 * only where the gateway was told so.
 *
 * <p>One instance per vendor: whether an unreachable vendor is tried again and how long a
 * {@code Retry-After} may be waited for are that vendor's {@link ResilienceSettings}. Immutable.
 */
final class FailurePolicy {

  /** What the gateway was doing when the failure came. */
  enum Operation {
    /** Identifying the faces of a video (no task is paid). */
    IDENTIFY,
    /** Creating the paid lip-sync task. */
    SUBMIT,
    /** Asking how a task stands (a task exists). */
    STATUS,
    /** Looking a task up by the job's idempotency key, after a submit whose outcome is unknown. */
    LOOKUP,
    /** Reading a callback the vendor posted. */
    CALLBACK
  }

  /** What happens next. */
  enum Next {
    /** The same call again, after backoff, while attempts remain; then what the decision's {@code spent} says. */
    RETRY,
    /** Tracking goes on: the next poll on the schedule (after any {@code Retry-After}). */
    POLL_AGAIN,
    /** The faces are identified again at the same vendor (once), and the submit made again. */
    IDENTIFY_AGAIN,
    /** The task is looked up by the job's key where the vendor can; elsewhere the outcome is unknown. */
    RECONCILE,
    /** The job moves to the next vendor; nothing was paid at this one. */
    FAIL_OVER,
    /** The job ends with the failure (naming the task where one exists). */
    STOP,
    /** The job ends with {@link SubmitOutcomeUnknownException}: a paid task may exist. */
    OUTCOME_UNKNOWN,
    /**
     * The vendor runs as many of the account's tasks as it allows (Kling 1303): the submit is made
     * again at the same vendor once one of the gateway's tasks there ends or after a backoff from 1 s
     * (doubling, within the job's deadline); never another vendor, never "out of credit".
     */
    WAIT
  }

  /** A failure as the table reads it: the failure kinds, with the distinctions that change what happens. */
  enum Failure {
    RATE_LIMITED,
    /** A rate limit whose {@code Retry-After} is longer than the vendor's longest backoff. */
    RATE_LIMITED_LONG_WAIT,
    /** The account's tasks in flight are at the vendor's limit (Kling 1303). */
    TOO_MANY_TASKS,
    UNAVAILABLE,
    /** Nothing was sent: the connection could not be made. */
    UNREACHABLE,
    AUTHENTICATION,
    OUT_OF_CREDIT,
    INVALID_REQUEST,
    NOT_SUPPORTED,
    CONTENT_REJECTED,
    TASK_FAILED,
    NOT_FOUND,
    SESSION_EXPIRED,
    PROTOCOL,
    SUBMIT_OUTCOME_UNKNOWN,
    /** A step outlasted its time: the vendor's identification, or the job's deadline. */
    DEADLINE_EXCEEDED,
    /** The gateway was closed: nothing more is sent for the job. */
    CLOSED,
    /** Not the vendor's failure: a broken class path ({@link Error}) or a bug. */
    BROKEN
  }

  /**
   * A decision.
   *
   * @param next what happens now
   * @param spent what happens when {@code next} is {@link Next#RETRY} or {@link Next#IDENTIFY_AGAIN}
   *     and its attempts are spent; otherwise the same as {@code next}
   */
  record Decision(Next next, Next spent) {
    Decision {
      Objects.requireNonNull(next, "next == null");
      Objects.requireNonNull(spent, "spent == null");
    }

    static Decision just(Next next) {
      return new Decision(next, next);
    }

    static Decision retryThen(Next spent) {
      return new Decision(Next.RETRY, spent);
    }
  }

  private final boolean retryUnreachable;
  private final Duration maxBackoff;
  private final boolean failoverOnTaskFailure;
  private final boolean failoverOnContentRejection;

  private FailurePolicy(
      boolean retryUnreachable,
      Duration maxBackoff,
      boolean failoverOnTaskFailure,
      boolean failoverOnContentRejection) {
    this.retryUnreachable = retryUnreachable;
    this.maxBackoff = maxBackoff;
    this.failoverOnTaskFailure = failoverOnTaskFailure;
    this.failoverOnContentRejection = failoverOnContentRejection;
  }

  /**
   * The policy of a vendor with {@code settings}, in a gateway told whether to fail over on a failed
   * task or on refused content.
   */
  static FailurePolicy of(
      ResilienceSettings settings, boolean failoverOnTaskFailure, boolean failoverOnContentRejection) {
    return new FailurePolicy(
        settings.retryUnreachable(), settings.maxBackoff(), failoverOnTaskFailure, failoverOnContentRejection);
  }

  /** The policy of a vendor with {@code settings} in a gateway with the default failover settings. */
  static FailurePolicy of(ResilienceSettings settings) {
    return of(settings, false, false);
  }

  /**
   * What happens after a status call fails. The status row reads no vendor setting (a rate limit is
   * polled past however long it asks to wait, and a failed task arrives as a status, not a failure), so
   * tracking asks it without a vendor's policy.
   */
  static Decision afterStatusCall(Throwable failure) {
    return STATUS_ONLY.decide(Operation.STATUS, failure);
  }

  private static final FailurePolicy STATUS_ONLY = new FailurePolicy(false, Duration.ZERO, false, false);

  /** What happens after {@code failure} in {@code operation}. */
  Decision decide(Operation operation, Throwable failure) {
    return decide(operation, classify(failure));
  }

  /** The table itself. */
  Decision decide(Operation operation, Failure failure) {
    return switch (operation) {
      case IDENTIFY -> identify(failure);
      case SUBMIT -> submit(failure);
      case STATUS -> status(failure);
      case LOOKUP -> lookup(failure);
      // A callback is a hint: one that cannot be read changes nothing, and polling goes on.
      case CALLBACK ->
          Decision.just(failure == Failure.BROKEN || failure == Failure.CLOSED ? Next.STOP : Next.POLL_AGAIN);
    };
  }

  /** Whether the same call is tried again now; what {@link ResilientProvider}'s retries handle. */
  boolean retries(Operation operation, Throwable failure) {
    return decide(operation, failure).next() == Next.RETRY;
  }

  /** Whether the job moves on to the next vendor once the call has failed for good. */
  boolean movesOn(Operation operation, Throwable failure) {
    return decide(operation, failure).spent() == Next.FAIL_OVER;
  }

  /**
   * Whether a failure says the vendor is unwell, for its circuit breaker: outages, rate limits,
   * refused keys or credit, unreadable answers and submits without an answer. A failure that is the
   * request's own (invalid, not supported, refused content, unknown task, failed task) is an answer.
   */
  boolean countsAgainstVendor(Throwable failure) {
    return countsAgainstVendor(classify(failure));
  }

  /** {@link #countsAgainstVendor(Throwable)} for a failure's row. */
  boolean countsAgainstVendor(Failure failure) {
    return switch (failure) {
      case RATE_LIMITED, RATE_LIMITED_LONG_WAIT, UNAVAILABLE, UNREACHABLE, AUTHENTICATION, OUT_OF_CREDIT,
          PROTOCOL, SUBMIT_OUTCOME_UNKNOWN, DEADLINE_EXCEEDED -> true;
      // A vendor busy with the account's own tasks is well: its circuit stays closed.
      case TOO_MANY_TASKS, INVALID_REQUEST, NOT_SUPPORTED, CONTENT_REJECTED, TASK_FAILED, NOT_FOUND,
          SESSION_EXPIRED, CLOSED, BROKEN -> false;
    };
  }

  /** The row a failure falls in. */
  Failure classify(Throwable failure) {
    Throwable cause = LipSyncException.causeOf(failure);
    if (cause instanceof RateLimitedException limited) {
      if (limited.tasksInFlight()) {
        return Failure.TOO_MANY_TASKS;
      }
      boolean longWait = limited.retryAfter().map(wait -> wait.compareTo(maxBackoff) > 0).orElse(false);
      return longWait ? Failure.RATE_LIMITED_LONG_WAIT : Failure.RATE_LIMITED;
    }
    if (cause instanceof UnavailableException unavailable) {
      return unavailable.unreachable() ? Failure.UNREACHABLE : Failure.UNAVAILABLE;
    }
    if (cause instanceof AuthenticationException) {
      return Failure.AUTHENTICATION;
    }
    if (cause instanceof OutOfCreditException) {
      return Failure.OUT_OF_CREDIT;
    }
    if (cause instanceof InvalidRequestException) {
      return Failure.INVALID_REQUEST;
    }
    if (cause instanceof NotSupportedException) {
      return Failure.NOT_SUPPORTED;
    }
    if (cause instanceof ContentRejectedException) {
      return Failure.CONTENT_REJECTED;
    }
    if (cause instanceof TaskFailedException) {
      return Failure.TASK_FAILED;
    }
    if (cause instanceof NotFoundException) {
      return Failure.NOT_FOUND;
    }
    if (cause instanceof SessionExpiredException) {
      return Failure.SESSION_EXPIRED;
    }
    if (cause instanceof ProtocolException) {
      return Failure.PROTOCOL;
    }
    if (cause instanceof SubmitOutcomeUnknownException) {
      return Failure.SUBMIT_OUTCOME_UNKNOWN;
    }
    if (cause instanceof DeadlineExceededException) {
      return Failure.DEADLINE_EXCEEDED;
    }
    if (cause instanceof GatewayClosedException) {
      return Failure.CLOSED;
    }
    return Failure.BROKEN;
  }

  // ---- the rows ---------------------------------------------------------------------------------

  /** Nothing is paid yet, and identification is safe to repeat; another vendor can start afresh. */
  private Decision identify(Failure failure) {
    return switch (failure) {
      case RATE_LIMITED, TOO_MANY_TASKS, UNAVAILABLE -> Decision.retryThen(Next.FAIL_OVER);
      // Another vendor is ready now; the unreachable one is rarely back a second later.
      case UNREACHABLE -> retryUnreachable ? Decision.retryThen(Next.FAIL_OVER) : Decision.just(Next.FAIL_OVER);
      // An identification that outlasted its time is as good as an outage, and not tried again.
      case RATE_LIMITED_LONG_WAIT, AUTHENTICATION, OUT_OF_CREDIT, NOT_SUPPORTED, NOT_FOUND, PROTOCOL,
          SESSION_EXPIRED, DEADLINE_EXCEEDED -> Decision.just(Next.FAIL_OVER);
      // A failed identification task at one vendor says nothing of the next, and nothing was paid.
      case TASK_FAILED -> Decision.just(Next.FAIL_OVER);
      case CONTENT_REJECTED -> Decision.just(failoverOnContentRejection ? Next.FAIL_OVER : Next.STOP);
      case INVALID_REQUEST, SUBMIT_OUTCOME_UNKNOWN, CLOSED, BROKEN -> Decision.just(Next.STOP);
    };
  }

  /**
   * The paid call: repeated, here or elsewhere, only after a failure that proves no task was created:
   * the vendor's own refusal, or a call that was never sent.
   */
  private Decision submit(Failure failure) {
    return switch (failure) {
      // The vendor refused the request: no task exists.
      case RATE_LIMITED -> Decision.retryThen(Next.FAIL_OVER);
      // Refused too, until one of the account's tasks there ends: another vendor would not be sooner.
      case TOO_MANY_TASKS -> Decision.just(Next.WAIT);
      case UNREACHABLE -> retryUnreachable ? Decision.retryThen(Next.FAIL_OVER) : Decision.just(Next.FAIL_OVER);
      case RATE_LIMITED_LONG_WAIT, AUTHENTICATION, OUT_OF_CREDIT, NOT_SUPPORTED, NOT_FOUND ->
          Decision.just(Next.FAIL_OVER);
      // The vendor refused the submit, so nothing was paid; a fresh session mends it, once.
      case SESSION_EXPIRED -> new Decision(Next.IDENTIFY_AGAIN, Next.FAIL_OVER);
      // An outage or an unreadable answer after the submit was sent can follow the task's creation (a
      // proxy's 502 once its origin committed, a 500 from a step after the create): it proves nothing.
      case UNAVAILABLE, PROTOCOL, SUBMIT_OUTCOME_UNKNOWN -> new Decision(Next.RECONCILE, Next.OUTCOME_UNKNOWN);
      case CONTENT_REJECTED -> Decision.just(failoverOnContentRejection ? Next.FAIL_OVER : Next.STOP);
      case TASK_FAILED -> Decision.just(failoverOnTaskFailure ? Next.FAIL_OVER : Next.STOP);
      case INVALID_REQUEST, DEADLINE_EXCEEDED, CLOSED, BROKEN -> Decision.just(Next.STOP);
    };
  }

  /** A paid task exists: it is never given up for another vendor, except on its own failure if told so. */
  private Decision status(Failure failure) {
    return switch (failure) {
      // Polled again on the schedule, not retried at once: one poll is one call.
      case RATE_LIMITED, RATE_LIMITED_LONG_WAIT, TOO_MANY_TASKS, UNAVAILABLE, UNREACHABLE ->
          Decision.just(Next.POLL_AGAIN);
      // One unreadable answer is polled past; the tracking stops after a few in a row.
      case PROTOCOL -> new Decision(Next.POLL_AGAIN, Next.STOP);
      case TASK_FAILED -> Decision.just(failoverOnTaskFailure ? Next.FAIL_OVER : Next.STOP);
      case AUTHENTICATION, OUT_OF_CREDIT, INVALID_REQUEST, NOT_SUPPORTED, CONTENT_REJECTED, NOT_FOUND,
          SESSION_EXPIRED, SUBMIT_OUTCOME_UNKNOWN, DEADLINE_EXCEEDED, CLOSED, BROKEN -> Decision.just(Next.STOP);
    };
  }

  /**
   * Settling a submit whose outcome is unknown: a read, retried like one; whatever it cannot settle
   * leaves the outcome unknown, never a second submit.
   */
  private Decision lookup(Failure failure) {
    return switch (failure) {
      case RATE_LIMITED, TOO_MANY_TASKS, UNAVAILABLE, UNREACHABLE -> Decision.retryThen(Next.OUTCOME_UNKNOWN);
      case RATE_LIMITED_LONG_WAIT, AUTHENTICATION, OUT_OF_CREDIT, INVALID_REQUEST, NOT_SUPPORTED,
          CONTENT_REJECTED, TASK_FAILED, NOT_FOUND, SESSION_EXPIRED, PROTOCOL, SUBMIT_OUTCOME_UNKNOWN,
          DEADLINE_EXCEEDED, CLOSED, BROKEN -> Decision.just(Next.OUTCOME_UNKNOWN);
    };
  }
}
