package dev.lipsync.cometapi;

import static dev.lipsync.cometapi.TestSupport.KEY;
import static dev.lipsync.testkit.LoopbackTests.failure;
import static dev.lipsync.testkit.LoopbackTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error CometAPI can answer with, and the exception it becomes: each Kling business code range
 * with its HTTP status (and the same code inside a 200 envelope), CometAPI's own {@code {"error": ...}}
 * format, HTML pages and redirects, for safe calls and for the paid submit.
 */
class CometApiErrorTableTest {
  private static final Face FACE = Face.of("0");
  private static final SubmitRequest SUBMIT = new SubmitRequest(
      new FaceSession("cometapi", "s-1", VideoSource.url("https://example.com/v.mp4"), List.of(FACE)),
      List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), FACE)), null, "key-1");

  enum Call { IDENTIFY, SUBMIT, STATUS }

  enum Format { KLING, COMETAPI, HTML, REDIRECT, MALFORMED }

  private final MockWebServer server = new MockWebServer();
  private CometApiProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = TestSupport.provider(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Each Kling code with the HTTP status the vendor reference gives it, and its class. */
  private static Stream<Arguments> klingCodes() {
    List<Arguments> rows = new ArrayList<>();
    for (int code = 1000; code <= 1004; code++) {
      rows.add(Arguments.of(401, code, AuthenticationException.class));
    }
    for (int code = 1100; code <= 1102; code++) {
      rows.add(Arguments.of(429, code, OutOfCreditException.class));
    }
    rows.add(Arguments.of(403, 1103, AuthenticationException.class));
    rows.add(Arguments.of(400, 1200, InvalidRequestException.class));
    rows.add(Arguments.of(400, 1201, InvalidRequestException.class));
    rows.add(Arguments.of(404, 1202, NotFoundException.class));
    rows.add(Arguments.of(404, 1203, NotFoundException.class));
    rows.add(Arguments.of(400, 1300, ContentRejectedException.class));
    rows.add(Arguments.of(400, 1301, ContentRejectedException.class));
    rows.add(Arguments.of(429, 1302, RateLimitedException.class));
    rows.add(Arguments.of(429, 1303, RateLimitedException.class));
    rows.add(Arguments.of(429, 1304, AuthenticationException.class));
    rows.add(Arguments.of(500, 5000, UnavailableException.class));
    rows.add(Arguments.of(503, 5001, UnavailableException.class));
    rows.add(Arguments.of(504, 5002, UnavailableException.class));
    return rows.stream();
  }

  @ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
  @MethodSource("klingCodes")
  void should_map_each_kling_code_with_its_http_status(int status, int code, Class<?> expected) {
    server.enqueue(kling(status, code));

    Throwable failure = failure(call(Call.STATUS));

    assertThat(failure).isExactlyInstanceOf(expected);
    LipSyncException error = (LipSyncException) failure;
    assertThat(error.vendor()).isEqualTo("cometapi");
    assertThat(error.httpStatus()).isEqualTo(status);
    assertThat(error.vendorCode()).isEqualTo(String.valueOf(code));
    assertThat(error.vendorMessage()).isEqualTo("simulated " + code);
  }

  @ParameterizedTest(name = "HTTP 200 code {1} -> {2}")
  @MethodSource("klingCodes")
  void should_map_each_kling_code_inside_a_200_envelope(int status, int code, Class<?> expected) {
    server.enqueue(kling(200, code));

    Throwable failure = failure(call(Call.STATUS));

    assertThat(failure).isExactlyInstanceOf(expected);
    assertThat(((LipSyncException) failure).vendorCode()).isEqualTo(String.valueOf(code));
  }

  /** CometAPI's own format, HTML, redirects and unreadable bodies, on each kind of call. */
  private static Stream<Arguments> otherAnswers() {
    return Stream.of(
        Arguments.of(Call.STATUS, Format.COMETAPI, 400, InvalidRequestException.class),
        Arguments.of(Call.IDENTIFY, Format.COMETAPI, 401, AuthenticationException.class),
        Arguments.of(Call.STATUS, Format.COMETAPI, 402, OutOfCreditException.class),
        Arguments.of(Call.IDENTIFY, Format.COMETAPI, 403, AuthenticationException.class),
        Arguments.of(Call.STATUS, Format.COMETAPI, 404, NotFoundException.class),
        Arguments.of(Call.STATUS, Format.COMETAPI, 429, RateLimitedException.class),
        Arguments.of(Call.STATUS, Format.COMETAPI, 500, UnavailableException.class),
        Arguments.of(Call.STATUS, Format.COMETAPI, 503, UnavailableException.class),
        Arguments.of(Call.STATUS, Format.COMETAPI, 504, UnavailableException.class),
        Arguments.of(Call.STATUS, Format.COMETAPI, 524, UnavailableException.class),
        Arguments.of(Call.SUBMIT, Format.COMETAPI, 400, InvalidRequestException.class),
        Arguments.of(Call.SUBMIT, Format.COMETAPI, 401, AuthenticationException.class),
        Arguments.of(Call.SUBMIT, Format.COMETAPI, 429, RateLimitedException.class),
        // An outage or a gateway timeout after the paid request was forwarded: the task may exist.
        Arguments.of(Call.SUBMIT, Format.COMETAPI, 500, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.SUBMIT, Format.COMETAPI, 503, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.SUBMIT, Format.COMETAPI, 504, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.SUBMIT, Format.COMETAPI, 524, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.IDENTIFY, Format.HTML, 502, UnavailableException.class),
        Arguments.of(Call.SUBMIT, Format.HTML, 502, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.SUBMIT, Format.HTML, 429, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.STATUS, Format.HTML, 403, AuthenticationException.class),
        Arguments.of(Call.STATUS, Format.HTML, 404, NotFoundException.class),
        Arguments.of(Call.STATUS, Format.HTML, 200, ProtocolException.class),
        Arguments.of(Call.SUBMIT, Format.HTML, 200, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.STATUS, Format.REDIRECT, 301, ProtocolException.class),
        Arguments.of(Call.IDENTIFY, Format.REDIRECT, 302, ProtocolException.class),
        // A redirect to a paid call may point at the task it created.
        Arguments.of(Call.SUBMIT, Format.REDIRECT, 307, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.STATUS, Format.MALFORMED, 200, ProtocolException.class),
        Arguments.of(Call.SUBMIT, Format.MALFORMED, 200, SubmitOutcomeUnknownException.class),
        // A code nobody knows in a 200 envelope: unreadable for a safe call; for the submit, a task may exist.
        Arguments.of(Call.STATUS, Format.KLING, 200, ProtocolException.class),
        Arguments.of(Call.SUBMIT, Format.KLING, 200, SubmitOutcomeUnknownException.class),
        // A 200 to a submit says the request was handled: an error inside it proves nothing.
        Arguments.of(Call.SUBMIT, Format.KLING, 1302, SubmitOutcomeUnknownException.class),
        Arguments.of(Call.SUBMIT, Format.KLING, 1101, SubmitOutcomeUnknownException.class));
  }

  @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
  @MethodSource("otherAnswers")
  void should_map_cometapi_errors_html_pages_and_redirects(
      Call call, Format format, int statusOrCode, Class<?> expected) {
    server.enqueue(switch (format) {
      case COMETAPI -> cometApi(statusOrCode);
      case HTML -> new MockResponse.Builder().code(statusOrCode).setHeader("Content-Type", "text/html")
          .body("<html><head><title>" + statusOrCode + " Error</title></head><body>nginx</body></html>").build();
      case REDIRECT -> new MockResponse.Builder().code(statusOrCode)
          .setHeader("Location", "https://www.cometapi.com/").build();
      case MALFORMED -> json(200, "{\"code\": 0, \"data\": {\"task_id\": ");
      case KLING -> kling(200, statusOrCode == 200 ? 9999 : statusOrCode);
    });

    Throwable failure = failure(call(call));

    assertThat(failure).isExactlyInstanceOf(expected);
    assertThat(((LipSyncException) failure).vendor()).isEqualTo("cometapi");
    assertThat(failure.getMessage()).doesNotContain(KEY);
    if (failure instanceof SubmitOutcomeUnknownException unknown) {
      assertThat(unknown.idempotencyKey()).isEqualTo("key-1");
    }
    assertThat(server.getRequestCount()).as("never sent twice, redirects not followed").isEqualTo(1);
  }

  /**
   * The error bodies of the wider evidence (see {@code cometapi/README.md}): a word in the code says
   * more than the status it comes with.
   */
  private static Stream<Arguments> evidenceErrors() {
    return Stream.of(
        // A malformed request, though sent as 500: not retried, not paid for at the next vendor.
        Arguments.of(Call.SUBMIT, 500, "error-500-invalid-request.json", InvalidRequestException.class),
        Arguments.of(Call.STATUS, 500, "error-500-invalid-request.json", InvalidRequestException.class),
        // The relay family's empty account: out of credit, not an authentication failure.
        Arguments.of(Call.SUBMIT, 403, "error-403-quota-not-enough.json", OutOfCreditException.class),
        Arguments.of(Call.IDENTIFY, 403, "error-403-quota-not-enough.json", OutOfCreditException.class),
        // No Kling code to tell "too fast" from "out of credit": the status decides, and may be retried.
        Arguments.of(Call.STATUS, 429, "error-429-error-form.json", RateLimitedException.class));
  }

  @ParameterizedTest(name = "{0}: HTTP {1} {2} -> {3}")
  @MethodSource("evidenceErrors")
  void should_read_the_words_relays_put_in_the_code(Call call, int status, String body, Class<?> expected) {
    server.enqueue(json(status, TestSupport.resource(body)));

    Throwable failure = failure(call(call));

    assertThat(failure).isExactlyInstanceOf(expected);
    assertThat(((LipSyncException) failure).httpStatus()).isEqualTo(status);
    assertThat(((LipSyncException) failure).isRetryable()).isEqualTo(expected == RateLimitedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private CompletableFuture<?> call(Call call) {
    return switch (call) {
      case IDENTIFY -> provider.identifyFaces(VideoSource.url("https://example.com/v.mp4"));
      case SUBMIT -> provider.submit(SUBMIT);
      case STATUS -> provider.status(new TaskRef("cometapi", "842250903629086785"));
    };
  }

  private static MockResponse kling(int status, int code) {
    return json(status, "{\"code\": " + code + ", \"message\": \"simulated " + code + "\","
        + " \"request_id\": \"req-1\"}");
  }

  private static MockResponse cometApi(int status) {
    return json(status, "{\"error\": {\"message\": \"simulated HTTP " + status + "\","
        + " \"type\": \"comet_api_error\", \"param\": \"\", \"code\": \"upstream_error\"}}");
  }
}
