package dev.lipsync.testkit;

import java.util.Objects;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;

/**
 * A fault a simulator injects in place of its normal answer. Vendor errors ({@link #status}, {@link
 * #businessCode}, {@link #errorIn200}) are rendered in the vendor's own error format, and so is the
 * refusal of an {@linkplain #sessionExpired() expired session}; the others are the same at every
 * vendor. By default the vendor does not handle a faulted request at all; {@link #afterHandling}
 * makes it handle the request first and lose only the answer.
 */
public sealed interface Fault
    permits Fault.Status,
        Fault.BusinessCode,
        Fault.ErrorIn200,
        Fault.Raw,
        Fault.Transport,
        Fault.AfterHandling,
        Fault.SessionExpired {

  /** An HTTP error status, with the vendor's error body. */
  static Fault status(int httpStatus) {
    return new Status(httpStatus, null);
  }

  /** An HTTP error status with a {@code Retry-After} header (seconds or an HTTP date). */
  static Fault status(int httpStatus, String retryAfter) {
    return new Status(httpStatus, Objects.requireNonNull(retryAfter, "retryAfter == null"));
  }

  /** A Kling business code with its HTTP status, in the vendor's envelope. */
  static Fault businessCode(int httpStatus, int code) {
    return new BusinessCode(httpStatus, code);
  }

  /** HTTP 200 whose envelope carries an error code. */
  static Fault errorIn200(int code) {
    return new ErrorIn200(code);
  }

  /**
   * The relay family's empty account (one-api, new-api, the relays behind CometAPI and alad): HTTP
   * 403 with {@code {"code": "quota_not_enough", "message": "user quota is not enough", "data":
   * null}}, the same at every vendor. It means out of credit, not a refused key.
   */
  static Fault quotaNotEnough() {
    return new Raw(json(403, "{\"code\": \"quota_not_enough\", \"message\": \"user quota is not enough\","
        + " \"data\": null}"));
  }

  /**
   * CometAPI's answer to a malformed request: HTTP 500 whose {@code error.code} is {@code
   * invalid_request}, which its error-handling page says not to retry.
   */
  static Fault invalidRequestAs500() {
    return new Raw(json(500, "{\"error\": {\"code\": \"invalid_request\", \"message\": \"invalid request\","
        + " \"type\": \"comet_api_error\", \"param\": \"\"}}"));
  }

  /** A 200 answer that is not JSON at all. */
  static Fault malformedJson() {
    return new Raw(json(200, "{\"code\": 0, \"data\": {\"task_id\": "));
  }

  /** An HTML error page, as a proxy in front of the vendor sends. */
  static Fault htmlPage(int httpStatus) {
    return new Raw(new MockResponse.Builder()
        .code(httpStatus)
        .setHeader("Content-Type", "text/html")
        .body("<html><head><title>" + httpStatus + " Bad Gateway</title></head>"
            + "<body><h1>Bad Gateway</h1></body></html>")
        .build());
  }

  /** A 200 answer with an empty body. */
  static Fault emptyBody() {
    return new Raw(json(200, ""));
  }

  /** A 200 answer of valid JSON in a shape no vendor uses. */
  static Fault wrongShape() {
    return new Raw(json(200, "{\"unexpected\": [1, 2, 3]}"));
  }

  /** A redirect to another host. */
  static Fault redirect() {
    return new Raw(new MockResponse.Builder()
        .code(302)
        .setHeader("Location", "https://elsewhere.invalid/moved")
        .build());
  }

  /** The connection is reset after the request was read, before any answer. */
  static Fault resetBeforeAnswer() {
    return new Transport(TransportKind.RESET_BEFORE_ANSWER);
  }

  /** The answer's headers arrive, and the connection drops in the middle of the body. */
  static Fault cutOffBody() {
    return new Transport(TransportKind.CUT_OFF_BODY);
  }

  /** The request is read and no answer ever comes, until the client's timeout. */
  static Fault noAnswer() {
    return new Transport(TransportKind.NO_ANSWER);
  }

  /** Any answer. */
  static Fault response(MockResponse response) {
    return new Raw(response);
  }

  /**
   * The vendor handles the request as usual (a submit creates its paid task), and then the answer is
   * lost to {@code fault}: the worst case of an ambiguous failure such as a reset, an answer cut off or
   * never sent, or a gateway timeout, and the only case in which a client that tried again could pay
   * twice.
   *
   * <pre>{@code
   * vendor.inject(Endpoint.SUBMIT, Fault.afterHandling(Fault.noAnswer()));   // a task exists, unseen
   * }</pre>
   */
  static Fault afterHandling(Fault fault) {
    return new AfterHandling(Objects.requireNonNull(fault, "fault == null"));
  }

  /**
   * The vendor forgets every session just before it reads the request, and answers as it answers a
   * session it does not know: in its own words, which a client has to recognise.
   */
  static Fault sessionExpired() {
    return new SessionExpired();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** See {@link #status(int)}. */
  record Status(int httpStatus, @Nullable String retryAfter) implements Fault {}

  /** See {@link #businessCode(int, int)}. */
  record BusinessCode(int httpStatus, int code) implements Fault {}

  /** See {@link #errorIn200(int)}. */
  record ErrorIn200(int code) implements Fault {}

  /** A fixed answer. */
  record Raw(MockResponse response) implements Fault {}

  /** A fault of the connection rather than the answer. */
  record Transport(TransportKind kind) implements Fault {}

  /** See {@link #afterHandling(Fault)}. */
  record AfterHandling(Fault fault) implements Fault {}

  /** See {@link #sessionExpired()}. */
  record SessionExpired() implements Fault {}

  /** The connection faults. */
  enum TransportKind {
    RESET_BEFORE_ANSWER,
    CUT_OFF_BODY,
    NO_ANSWER
  }
}
