package dev.lipsync.support;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SessionExpiredException;
import dev.lipsync.core.error.UnavailableException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a vendor's error answer into the library's exception: the one mapping every adapter uses, so
 * the same failure means the same thing at every vendor.
 *
 * <p>A Kling business code decides first, because it is more precise than the HTTP status (Kling sends
 * both "out of credit" and "too many requests" as HTTP 429). Without a known code, the HTTP status
 * decides. An error envelope inside a 200 answer whose code looks like an HTTP status (apimodels'
 * {@code {"code": 402, ...}}) is read as that status. Two words that relays put in the code say more
 * than the status they come with: CometAPI answers a malformed request with HTTP 500 and {@code
 * error.code "invalid_request"} (its error-handling page: do not retry), and the relay family
 * (one-api, new-api) answers an empty account with HTTP 403 and {@code "quota_not_enough"}.
 *
 * <p>No vendor has a code for an expired face session: each refuses the submit as a bad parameter
 * (or an unknown resource) and says so in words, such as {@code "session_id is invalid or has
 * expired"}. A refusal whose message says that the session is expired, invalid or unknown is therefore
 * a {@link SessionExpiredException}, which the gateway mends by identifying the faces again.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Kling code</th><th>HTTP status</th><th>exception</th></tr>
 *   <tr><td>1000–1004, 1103, 1304</td><td>401, 403</td><td>{@link AuthenticationException}</td></tr>
 *   <tr><td>1100–1102, {@code quota_not_enough}</td><td>402</td><td>{@link OutOfCreditException}</td></tr>
 *   <tr><td>1200–1201, {@code invalid_request}</td><td>400, 413, 422</td><td>{@link
 *       InvalidRequestException}</td></tr>
 *   <tr><td>1202–1203</td><td>404, 410</td><td>{@link NotFoundException}</td></tr>
 *   <tr><td>1300–1301</td><td></td><td>{@link ContentRejectedException}</td></tr>
 *   <tr><td>1302</td><td>429</td><td>{@link RateLimitedException}</td></tr>
 *   <tr><td>1303</td><td>429</td><td>{@link RateLimitedException#tasksInFlight()}: a wait at the vendor</td></tr>
 *   <tr><td>5000–5002</td><td>408, 5xx</td><td>{@link UnavailableException}</td></tr>
 *   <tr><td></td><td>3xx, others</td><td>{@link ProtocolException}</td></tr>
 * </table>
 */
final class ErrorMapper {
  /**
   * A message saying that a session is gone: "session_id is invalid or has expired", "input.session_id
   * is missing, invalid or expired", "session not found", "expired session". The session must be the
   * subject, so "face_id 3 is not in the session" is not read as one.
   */
  private static final Pattern SESSION_GONE = Pattern.compile(
      "\\bsession(?:[_ ]?id)?\\b[^.;]*?\\b(?:expired|invalid|unknown|not found|does not exist|no longer)\\b"
          + "|\\b(?:expired|unknown) session\\b",
      Pattern.CASE_INSENSITIVE);
  private static final int MAX_MESSAGE_SCANNED = 300;

  private ErrorMapper() {}

  /**
   * The exception for a vendor's error answer.
   *
   * @param context the vendor, HTTP status, and the vendor's code and message as read from the body
   * @param retryAfter the delay from the answer's {@code Retry-After}, or null
   */
  static LipSyncException map(ErrorContext context, @Nullable Duration retryAfter) {
    LipSyncException error = byCodeOrStatus(context, retryAfter);
    if ((error instanceof InvalidRequestException || error instanceof NotFoundException)
        && saysSessionIsGone(context.vendorMessage())) {
      return new SessionExpiredException(context, "the vendor no longer knows the face session", null);
    }
    return error;
  }

  private static boolean saysSessionIsGone(@Nullable String message) {
    if (message == null) {
      return false;
    }
    // A vendor's sentence says it early; a long message is not scanned whole.
    String head = message.length() <= MAX_MESSAGE_SCANNED ? message : message.substring(0, MAX_MESSAGE_SCANNED);
    return SESSION_GONE.matcher(head).find();
  }

  private static LipSyncException byCodeOrStatus(ErrorContext context, @Nullable Duration retryAfter) {
    LipSyncException byWord = byRelayWord(context);
    if (byWord != null) {
      return byWord;
    }
    Integer code = parseCode(context.vendorCode());
    if (code != null) {
      LipSyncException byCode = byKlingCode(context, code, retryAfter);
      if (byCode != null) {
        return byCode;
      }
      boolean httpLike = code >= 300 && code <= 599;
      if (httpLike && (context.httpStatus() == 0 || context.httpStatus() / 100 == 2)) {
        return byHttpStatus(context, code, retryAfter);
      }
    }
    return byHttpStatus(context, context.httpStatus(), retryAfter);
  }

  /** The relays' words that decide whatever the status: see the type's documentation. */
  private static @Nullable LipSyncException byRelayWord(ErrorContext context) {
    String code = context.vendorCode();
    if (code == null) {
      return null;
    }
    return switch (code.strip().toLowerCase(Locale.ROOT)) {
      case "invalid_request" ->
          new InvalidRequestException(context, "the vendor refused the request as invalid", null);
      case "quota_not_enough" -> new OutOfCreditException(context, "the account is out of credit", null);
      default -> null;
    };
  }

  private static @Nullable LipSyncException byKlingCode(
      ErrorContext context, int code, @Nullable Duration retryAfter) {
    if (code >= 1000 && code <= 1004) {
      return new AuthenticationException(context, "authentication failed", null);
    }
    if (code >= 1100 && code <= 1102) {
      return new OutOfCreditException(context, "the account is out of credit", null);
    }
    if (code == 1103 || code == 1304) {
      return new AuthenticationException(context, "the account has no access to this", null);
    }
    if (code == 1200 || code == 1201) {
      return new InvalidRequestException(context, "the vendor refused the request as invalid", null);
    }
    if (code == 1202 || code == 1203) {
      return new NotFoundException(context, "the vendor does not know the resource", null);
    }
    if (code == 1300 || code == 1301) {
      return new ContentRejectedException(context, "the vendor rejected the content", null);
    }
    if (code == 1302) {
      return new RateLimitedException(context, "rate limited by the vendor", retryAfter, null);
    }
    if (code == 1303) {
      return new RateLimitedException(context, "the account has as many tasks in flight as its plan allows",
          retryAfter, true, null);
    }
    if (code >= 5000 && code <= 5002) {
      return new UnavailableException(context, "the vendor is unavailable", null);
    }
    return null;
  }

  private static LipSyncException byHttpStatus(
      ErrorContext context, int status, @Nullable Duration retryAfter) {
    if (status >= 500 && status <= 599 || status == 408) {
      return new UnavailableException(context, "the vendor is unavailable", null);
    }
    return switch (status) {
      case 400, 413, 422 ->
          new InvalidRequestException(context, "the vendor refused the request as invalid", null);
      case 401, 403 -> new AuthenticationException(context, "authentication failed", null);
      case 402 -> new OutOfCreditException(context, "the account is out of credit", null);
      case 404, 410 -> new NotFoundException(context, "the vendor does not know the resource", null);
      case 429 -> new RateLimitedException(context, "rate limited by the vendor", retryAfter, null);
      default ->
          new ProtocolException(
              context,
              status >= 300 && status <= 399
                  ? "the vendor answered with a redirect, which is not followed"
                  : "the vendor answered with an unexpected status or error",
              null);
    };
  }

  private static @Nullable Integer parseCode(@Nullable String code) {
    if (code == null) {
      return null;
    }
    try {
      return Integer.valueOf(code.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
