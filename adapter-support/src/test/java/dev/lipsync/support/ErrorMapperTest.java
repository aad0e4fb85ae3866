package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.FailureKind;
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
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMapperTest {

  private static LipSyncException map(int httpStatus, String code) {
    return ErrorMapper.map(new ErrorContext("kling", httpStatus, code, "vendor says no", null), null);
  }

  private static LipSyncException map(int httpStatus) {
    return ErrorMapper.map(new ErrorContext("cometapi", httpStatus, null, null, null), null);
  }

  /** Every Kling business code, with the HTTP status Kling's documentation pairs it with. */
  static Stream<Arguments> klingCodes() {
    return Stream.of(
        arguments(1000, 401, AuthenticationException.class, FailureKind.AUTHENTICATION),
        arguments(1001, 401, AuthenticationException.class, FailureKind.AUTHENTICATION),
        arguments(1002, 401, AuthenticationException.class, FailureKind.AUTHENTICATION),
        arguments(1003, 401, AuthenticationException.class, FailureKind.AUTHENTICATION),
        arguments(1004, 401, AuthenticationException.class, FailureKind.AUTHENTICATION),
        // Kling sends these three as 429; the code, not the status, says the account is out of credit.
        arguments(1100, 429, OutOfCreditException.class, FailureKind.OUT_OF_CREDIT),
        arguments(1101, 429, OutOfCreditException.class, FailureKind.OUT_OF_CREDIT),
        arguments(1102, 429, OutOfCreditException.class, FailureKind.OUT_OF_CREDIT),
        arguments(1103, 403, AuthenticationException.class, FailureKind.AUTHENTICATION),
        arguments(1200, 400, InvalidRequestException.class, FailureKind.INVALID_REQUEST),
        arguments(1201, 400, InvalidRequestException.class, FailureKind.INVALID_REQUEST),
        arguments(1202, 404, NotFoundException.class, FailureKind.NOT_FOUND),
        arguments(1203, 404, NotFoundException.class, FailureKind.NOT_FOUND),
        arguments(1300, 400, ContentRejectedException.class, FailureKind.CONTENT_REJECTED),
        arguments(1301, 400, ContentRejectedException.class, FailureKind.CONTENT_REJECTED),
        arguments(1302, 429, RateLimitedException.class, FailureKind.RATE_LIMITED),
        arguments(1303, 429, RateLimitedException.class, FailureKind.RATE_LIMITED),
        // An IP allow-list refusal, sent as 429: waiting does not help, access is the problem.
        arguments(1304, 429, AuthenticationException.class, FailureKind.AUTHENTICATION),
        arguments(5000, 500, UnavailableException.class, FailureKind.UNAVAILABLE),
        arguments(5001, 503, UnavailableException.class, FailureKind.UNAVAILABLE),
        arguments(5002, 504, UnavailableException.class, FailureKind.UNAVAILABLE));
  }

  @ParameterizedTest(name = "code {0} with HTTP {1} -> {2}")
  @MethodSource("klingCodes")
  void should_map_every_kling_code_to_its_exception(
      int code, int httpStatus, Class<? extends LipSyncException> expected, FailureKind kind) {
    LipSyncException e = map(httpStatus, String.valueOf(code));

    assertThat(e).isExactlyInstanceOf(expected);
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.vendor()).isEqualTo("kling");
    assertThat(e.httpStatus()).isEqualTo(httpStatus);
    assertThat(e.vendorCode()).isEqualTo(String.valueOf(code));
    assertThat(e.vendorMessage()).isEqualTo("vendor says no");
    assertThat(e.getMessage())
        .isEqualTo("[kling] " + e.reason() + " (HTTP " + httpStatus + ", code " + code + ": vendor says no)");
  }

  @ParameterizedTest(name = "code {0}")
  @MethodSource("klingCodes")
  void should_let_the_kling_code_decide_whatever_the_http_status(
      int code, int ignoredStatus, Class<? extends LipSyncException> expected, FailureKind kind) {
    assertThat(map(200, String.valueOf(code))).isExactlyInstanceOf(expected);
    assertThat(map(500, " " + code + " ")).isExactlyInstanceOf(expected);
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, InvalidRequestException, INVALID_REQUEST",
    "401, AuthenticationException, AUTHENTICATION",
    "402, OutOfCreditException, OUT_OF_CREDIT",
    "403, AuthenticationException, AUTHENTICATION",
    "404, NotFoundException, NOT_FOUND",
    "408, UnavailableException, UNAVAILABLE",
    "410, NotFoundException, NOT_FOUND",
    "413, InvalidRequestException, INVALID_REQUEST",
    "422, InvalidRequestException, INVALID_REQUEST",
    "429, RateLimitedException, RATE_LIMITED",
    "500, UnavailableException, UNAVAILABLE",
    "502, UnavailableException, UNAVAILABLE",
    "503, UnavailableException, UNAVAILABLE",
    "504, UnavailableException, UNAVAILABLE",
    "524, UnavailableException, UNAVAILABLE",
    "301, ProtocolException, PROTOCOL",
    "302, ProtocolException, PROTOCOL",
    "418, ProtocolException, PROTOCOL",
    "200, ProtocolException, PROTOCOL"
  })
  void should_map_a_plain_http_status(int status, String exceptionName, FailureKind kind) {
    LipSyncException e = map(status);

    assertThat(e.getClass().getSimpleName()).isEqualTo(exceptionName);
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.vendorCode()).isNull();
    assertThat(e.getMessage()).isEqualTo("[cometapi] " + e.reason() + " (HTTP " + status + ")");
  }

  @ParameterizedTest
  @CsvSource({"301", "302", "307", "308"})
  void should_say_a_redirect_is_not_followed(int status) {
    assertThat(map(status).reason()).isEqualTo("the vendor answered with a redirect, which is not followed");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "cometapi  | 400 | 1201 | session_id is invalid or has expired",
    "alad      | 400 | 1201 | input.session_id is missing, invalid or expired",
    "apimodels | 400 |      | session_id is invalid or has expired",
    "apimodels | 200 | 400  | Session ID not found",
    "kling     | 404 | 1203 | the session does not exist",
    "kling     | 400 | 1200 | Expired session, identify the faces again"
  })
  void should_recognise_a_refusal_of_an_expired_session(String vendor, int status, String code, String message) {
    LipSyncException e = ErrorMapper.map(new ErrorContext(vendor, status, code, message, null), null);

    assertThat(e).isExactlyInstanceOf(SessionExpiredException.class);
    assertThat(e.kind()).isEqualTo(FailureKind.SESSION_EXPIRED);
    assertThat(e.isRetryable()).as("the same job gets past it, with a fresh session").isTrue();
    assertThat(e.vendorMessage()).isEqualTo(message);
    assertThat(e.reason()).isEqualTo("the vendor no longer knows the face session");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "400 | 1201 | face_choose: face_id cometapi-zoe is not in the session",
    "400 | 1201 | sound_file is invalid",
    "500 | 5000 | session_id is invalid or has expired",
    "401 | 1000 | session_id is invalid",
    "400 | 1301 | the session's video is invalid for policy reasons"
  })
  void should_keep_other_refusals_that_mention_a_session(int status, String code, String message) {
    LipSyncException e = ErrorMapper.map(new ErrorContext("cometapi", status, code, message, null), null);

    assertThat(e).isNotInstanceOf(SessionExpiredException.class);
  }

  @Test
  void should_read_only_the_start_of_a_long_message_for_an_expired_session() {
    String message = "x".repeat(10_000) + " session_id is invalid";

    assertThat(ErrorMapper.map(new ErrorContext("cometapi", 400, "1201", message, null), null))
        .isExactlyInstanceOf(InvalidRequestException.class);
  }

  @Test
  void should_read_an_http_like_code_in_a_200_envelope_as_that_status() {
    ErrorContext apimodels = new ErrorContext("apimodels", 200, "402", "insufficient balance", null);

    LipSyncException e = ErrorMapper.map(apimodels, null);

    assertThat(e).isExactlyInstanceOf(OutOfCreditException.class);
    assertThat(e.kind()).isEqualTo(FailureKind.OUT_OF_CREDIT);
    assertThat(e).hasMessage(
        "[apimodels] the account is out of credit (HTTP 200, code 402: insufficient balance)");
  }

  @ParameterizedTest
  @CsvSource({
    "200, 429, RateLimitedException",
    "200, 500, UnavailableException",
    "0,   404, NotFoundException",
    "201, 401, AuthenticationException"
  })
  void should_read_other_http_like_envelope_codes_when_the_status_is_not_an_error(
      int status, String code, String exceptionName) {
    LipSyncException e = ErrorMapper.map(new ErrorContext("apimodels", status, code, null, null), null);

    assertThat(e.getClass().getSimpleName()).isEqualTo(exceptionName);
  }

  @Test
  void should_let_a_real_error_status_win_over_an_http_like_envelope_code() {
    LipSyncException e = ErrorMapper.map(new ErrorContext("apimodels", 503, "404", null, null), null);

    assertThat(e).isExactlyInstanceOf(UnavailableException.class);
  }

  @ParameterizedTest
  @CsvSource({"1999, 400, InvalidRequestException", "E_BUSY, 503, UnavailableException", "42, 404, NotFoundException"})
  void should_fall_back_to_the_http_status_for_an_unknown_code(
      String code, int status, String exceptionName) {
    LipSyncException e = ErrorMapper.map(new ErrorContext("kling", status, code, null, null), null);

    assertThat(e.getClass().getSimpleName()).isEqualTo(exceptionName);
    assertThat(e.vendorCode()).isEqualTo(code);
  }

  @Test
  void should_carry_the_retry_delay_given_for_http_429() {
    Duration delay = Duration.ofSeconds(45);

    LipSyncException e = ErrorMapper.map(new ErrorContext("alad", 429, null, null, null), delay);

    assertThat(e).isInstanceOfSatisfying(
        RateLimitedException.class, limited -> assertThat(limited.retryAfter()).contains(delay));
  }

  @Test
  void should_carry_the_retry_delay_given_for_kling_1302() {
    Duration delay = Duration.ofMillis(1_500);

    LipSyncException e = ErrorMapper.map(new ErrorContext("kling", 429, "1302", null, null), delay);

    assertThat(e).isInstanceOfSatisfying(
        RateLimitedException.class, limited -> assertThat(limited.retryAfter()).contains(delay));
  }

  @Test
  void should_carry_no_retry_delay_when_none_was_given() {
    LipSyncException e = ErrorMapper.map(new ErrorContext("alad", 429, null, null, null), null);

    assertThat(e).isInstanceOfSatisfying(
        RateLimitedException.class, limited -> assertThat(limited.retryAfter()).isEmpty());
  }

  static Stream<Arguments> everyKindOfFailure() {
    TaskRef ref = new TaskRef("kling", "t-1");
    ErrorContext context = ErrorContext.of("kling");
    return Stream.of(
        arguments(map(429), true),
        arguments(map(503), true),
        arguments(map(408), true),
        arguments(map(400), false),
        arguments(map(401), false),
        arguments(map(402), false),
        arguments(map(404), false),
        arguments(map(418), false),
        arguments(map(400, "1301"), false),
        arguments(new NotSupportedException("kling", "no text mode"), false),
        arguments(new SubmitOutcomeUnknownException(context, "read timed out", "key-1", null), false),
        arguments(new TaskFailedException(TaskSnapshot.builder(ref, TaskState.FAILED).build()), false),
        arguments(new DeadlineExceededException(context, Duration.ofMinutes(15), "processing"), false),
        arguments(new InvalidRequestException(new Violation("timeout", "PT0S", "must be positive")), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKindOfFailure")
  void should_be_retryable_only_when_rate_limited_or_unavailable(LipSyncException e, boolean retryable) {
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.kind() == FailureKind.RATE_LIMITED || e.kind() == FailureKind.UNAVAILABLE)
        .isEqualTo(retryable);
  }

  // ---------------------------------------------------------------- messages

  @Test
  void should_describe_vendor_status_code_vendor_message_and_task() {
    TaskRef ref = new TaskRef("kling", "842250903629086785");
    ErrorContext context = new ErrorContext("kling", 429, "1302", "too many requests", ref);

    LipSyncException e = ErrorMapper.map(context, null);

    assertThat(e.reason()).isEqualTo("rate limited by the vendor");
    assertThat(e).hasMessage(
        "[kling] rate limited by the vendor (HTTP 429, code 1302: too many requests; task kling:842250903629086785)");
    assertThat(e.taskRef()).contains(ref);
    assertThat(e.context()).isEqualTo(context);
  }

  @Test
  void should_describe_a_vendor_message_without_a_code() {
    LipSyncException e =
        ErrorMapper.map(new ErrorContext("alad", 502, null, "Bad Gateway", null), null);

    assertThat(e).hasMessage("[alad] the vendor is unavailable (HTTP 502: Bad Gateway)");
  }

  @Test
  void should_describe_a_code_without_a_vendor_message() {
    LipSyncException e = ErrorMapper.map(new ErrorContext("kling", 401, "1004", null, null), null);

    assertThat(e).hasMessage("[kling] authentication failed (HTTP 401, code 1004)");
    assertThat(e.vendorMessage()).isNull();
  }

  @Test
  void should_not_repeat_a_vendor_message_equal_to_the_reason() {
    LipSyncException e =
        ErrorMapper.map(new ErrorContext("kling", 401, null, "authentication failed", null), null);

    assertThat(e).hasMessage("[kling] authentication failed (HTTP 401)");
  }

  @Test
  void should_describe_an_error_without_an_answer_by_vendor_and_reason_alone() {
    assertThat(new UnavailableException("alad", "connection refused"))
        .hasMessage("[alad] connection refused");
    assertThat(new InvalidRequestException(new Violation("timeout", "PT0S", "must be positive")))
        .hasMessage("timeout: PT0S must be positive");
  }

  @Test
  void should_describe_a_task_without_an_http_status() {
    TaskRef ref = new TaskRef("cometapi", "abc");

    assertThat(new DeadlineExceededException(ErrorContext.of("cometapi").withTaskRef(ref), Duration.ofSeconds(90), null))
        .hasMessage("[cometapi] the deadline passed after 90000 ms (task cometapi:abc)");
  }

  @Test
  void should_tag_kinds_in_lower_case_with_dashes() {
    assertThat(FailureKind.RATE_LIMITED.tag()).isEqualTo("rate-limited");
    assertThat(FailureKind.SUBMIT_OUTCOME_UNKNOWN.tag()).isEqualTo("submit-outcome-unknown");
    assertThat(FailureKind.PROTOCOL.tag()).isEqualTo("protocol");
  }

  @ParameterizedTest(name = "HTTP {0} code \"{1}\" -> {2}")
  @CsvSource({
      "500, invalid_request, INVALID_REQUEST",
      "400, Invalid_Request, INVALID_REQUEST",
      "200, invalid_request, INVALID_REQUEST",
      "403, quota_not_enough, OUT_OF_CREDIT",
      "429, quota_not_enough, OUT_OF_CREDIT",
      "500, upstream_error, UNAVAILABLE",
      "403, access_denied, AUTHENTICATION"})
  void should_let_the_relays_words_decide_over_the_status(int httpStatus, String code, FailureKind kind) {
    LipSyncException e = map(httpStatus, code);

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.vendorCode()).isEqualTo(code);
  }
}
