package dev.lipsync.support;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SessionExpiredException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a failed answer to a paid call (a submit) proves about the task it asked for: the one place that
 * decides whether the job may be sent again.
 *
 * <p>A vendor can create the task and still answer with an error: a proxy's 502 after its origin
 * committed, a 500 from a step after the create, a redirect to the new resource, a relay's error in a
 * 200 after it forwarded the request. So only the vendor's own refusal proves that nothing was created:
 * a 4xx or 5xx answer in its error format, with a code of its own, that means the request was refused
 * (a rate limit, a refused key or credit, an invalid or unknown request, refused content, an expired
 * session). Everything else, an outage code included (Kling 5000–5002), is an unknown outcome, never
 * repeated nor sent elsewhere:
 *
 * <ul>
 *   <li>an answer without the vendor's code: an HTML page, an empty or foreign body, a bare status;
 *   <li>a redirect, and any 2xx answer that carries an error or cannot be read;
 *   <li>a refusal saying that the job's key is taken: a task with that key exists already.
 * </ul>
 *
 * Stateless.
 */
final class PaidAnswers {
  /**
   * A refusal of the key as already used: "external_task_id abc is already used", "duplicate
   * external_task_id", "idempotency key already exists". The key must be the subject, so a refusal of
   * another field is not read as one.
   */
  private static final Pattern KEY_TAKEN = Pattern.compile(
      "\\b(?:external[_ ]?task[_ ]?id|idempotency[_ -]?key)\\b[^.;]*?"
          + "\\b(?:already|exists?|in use|used|duplicated?|taken|not unique|conflicts?)\\b"
          + "|\\bduplicated?\\b[^.;]*?\\b(?:external[_ ]?task[_ ]?id|idempotency[_ -]?key)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final int MAX_MESSAGE_SCANNED = 300;

  private PaidAnswers() {}

  /**
   * The failure a paid call's non-2xx answer stands for: {@code error}, the mapping of that answer, when
   * it is the vendor's refusal; otherwise a {@link SubmitOutcomeUnknownException} with the same
   * context, which keeps {@code error} as its cause.
   */
  static LipSyncException ofErrorAnswer(LipSyncException error) {
    if (hasVendorCode(error) && error.httpStatus() >= 400 && isRefusal(error)) {
      if (error instanceof InvalidRequestException && saysKeyIsTaken(error.vendorMessage())) {
        return new SubmitOutcomeUnknownException(error.context(),
            "the vendor refused the submit because a task with the job's key exists already", null, error);
      }
      return error;
    }
    String what = hasVendorCode(error)
        ? "HTTP " + error.httpStatus() + " (" + error.reason() + ")"
        : "HTTP " + error.httpStatus() + " without an error code of its own";
    return new SubmitOutcomeUnknownException(error.context(),
        "the vendor answered the submit with " + what + ", which does not say whether it created the task",
        null, error);
  }

  /**
   * The failure a paid call's 2xx answer stands for when it could not be read as a created task: an
   * error envelope inside it, or an answer of another shape. A 2xx says the request was handled, so
   * whatever it says beside that proves nothing about the task.
   */
  static SubmitOutcomeUnknownException ofOkAnswer(LipSyncException error) {
    if (error instanceof SubmitOutcomeUnknownException unknown) {
      return unknown;
    }
    return new SubmitOutcomeUnknownException(error.context(),
        "the vendor answered the submit with a 2xx that names no task (" + error.reason() + ")", null, error);
  }

  private static boolean hasVendorCode(LipSyncException error) {
    String code = error.vendorCode();
    return code != null && !code.isBlank();
  }

  /** The classes that say the vendor turned the request down. */
  private static boolean isRefusal(LipSyncException error) {
    return error instanceof RateLimitedException
        || error instanceof AuthenticationException
        || error instanceof OutOfCreditException
        || error instanceof InvalidRequestException
        || error instanceof NotFoundException
        || error instanceof NotSupportedException
        || error instanceof ContentRejectedException
        || error instanceof SessionExpiredException;
  }

  private static boolean saysKeyIsTaken(@Nullable String message) {
    if (message == null) {
      return false;
    }
    String head = message.length() <= MAX_MESSAGE_SCANNED ? message : message.substring(0, MAX_MESSAGE_SCANNED);
    return KEY_TAKEN.matcher(head).find();
  }
}
