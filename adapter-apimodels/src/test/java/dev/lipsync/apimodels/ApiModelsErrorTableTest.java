package dev.lipsync.apimodels;

import static dev.lipsync.apimodels.TestSupport.KEY;
import static dev.lipsync.apimodels.TestSupport.answer;
import static dev.lipsync.apimodels.TestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each error the vendor documents, as an HTTP status or as an envelope {@code code} inside an HTTP 200,
 * on each call, to the exact exception class, with the vendor's {@code msg} kept. At the paid submit
 * only a refusal as an HTTP error keeps its class: a 500, or any error inside a 200, may come after the
 * task was created, so its outcome is unknown.
 */
class ApiModelsErrorTableTest {
  private final MockWebServer server = new MockWebServer();
  private final ManualScheduler clock = new ManualScheduler();
  private ApiModelsProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = TestSupport.provider(server, clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CompletableFuture<?> call(String call) {
    FaceSession session = new FaceSession(
        "apimodels", "session_abc123", VideoSource.url("https://example.com/video.mp4"), List.of(Face.of("face_001")));
    return switch (call) {
      case "identify" -> provider.identifyFaces(VideoSource.url("https://example.com/video.mp4"));
      case "submit" -> provider.submit(new SubmitRequest(session,
          List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), Face.of("face_001"))),
          null, "job-1"));
      case "status" -> provider.status(new TaskRef("apimodels", "clxxx..."));
      default -> throw new IllegalArgumentException(call);
    };
  }

  @ParameterizedTest(name = "{0}: HTTP {1} {2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      identify | 400 | {"code": 400, "msg": "Bad Request - Missing or invalid parameters"} | InvalidRequestException
      identify | 401 | {"code": 401, "msg": "Unauthorized - Invalid API key"}               | AuthenticationException
      identify | 402 | {"code": 402, "msg": "Payment Required - Insufficient credits"}      | OutOfCreditException
      identify | 500 | {"code": 500, "msg": "Internal Server Error"}                        | UnavailableException
      identify | 200 | {"code": 401, "msg": "Unauthorized - Invalid API key"}               | AuthenticationException
      identify | 200 | {"code": 402, "msg": "Payment Required - Insufficient credits"}      | OutOfCreditException
      submit   | 400 | {"code": 400, "msg": "Bad Request - Missing or invalid parameters"} | InvalidRequestException
      submit   | 401 | {"code": 401, "msg": "Unauthorized - Invalid API key"}               | AuthenticationException
      submit   | 402 | {"code": 402, "msg": "Payment Required - Insufficient credits"}      | OutOfCreditException
      submit   | 500 | {"code": 500, "msg": "Internal Server Error"}                        | SubmitOutcomeUnknownException
      submit   | 200 | {"code": 400, "msg": "Bad Request - Missing or invalid parameters"} | SubmitOutcomeUnknownException
      submit   | 200 | {"code": 402, "msg": "Payment Required - Insufficient credits"}      | SubmitOutcomeUnknownException
      submit   | 200 | {"code": "402", "msg": "Payment Required - Insufficient credits"}    | SubmitOutcomeUnknownException
      submit   | 200 | {"code": 500, "msg": "Internal Server Error"}                        | SubmitOutcomeUnknownException
      status   | 400 | {"code": 400, "msg": "Bad Request - Missing or invalid parameters"} | InvalidRequestException
      status   | 401 | {"code": 401, "msg": "Unauthorized - Invalid API key"}               | AuthenticationException
      status   | 402 | {"code": 402, "msg": "Payment Required - Insufficient credits"}      | OutOfCreditException
      status   | 404 | {"code": 404, "msg": "Not Found - Task ID not found"}                | NotFoundException
      status   | 500 | {"code": 500, "msg": "Internal Server Error"}                        | UnavailableException
      status   | 200 | {"code": 404, "msg": "Not Found - Task ID not found"}                | NotFoundException
      status   | 200 | {"code": 500, "msg": "Internal Server Error"}                        | UnavailableException
      """)
  void should_map_each_documented_error_and_keep_the_message(
      String call, int httpStatus, String body, String exception) {
    server.enqueue(answer(httpStatus, body));

    Throwable failure = failure(call(call), clock);

    assertThat(failure.getClass().getSimpleName()).isEqualTo(exception);
    LipSyncException error = (LipSyncException) failure;
    assertThat(error.vendor()).isEqualTo("apimodels");
    assertThat(error.httpStatus()).isEqualTo(httpStatus);
    assertThat(error.vendorMessage()).isEqualTo(TestSupport.json(body).get("msg"));
    assertThat(error.vendorCode()).isEqualTo(String.valueOf(TestSupport.json(body).get("code")).replace(".0", ""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      status | 429 with Retry-After      | RateLimitedException
      status | 502 HTML page             | UnavailableException
      status | 200 not JSON              | ProtocolException
      status | 200 envelope without data | ProtocolException
      status | 200 unknown code          | ProtocolException
      submit | 200 not JSON              | SubmitOutcomeUnknownException
      submit | 200 envelope without data | SubmitOutcomeUnknownException
      submit | 200 without a task id     | SubmitOutcomeUnknownException
      submit | 200 unknown code          | SubmitOutcomeUnknownException
      """)
  void should_map_answers_that_are_not_the_vendors_errors(String call, String answer, String exception) {
    server.enqueue(switch (answer) {
      case "429 with Retry-After" ->
          new MockResponse.Builder(answer(429, "{\"code\": 429, \"msg\": \"Too Many Requests\"}"))
              .setHeader("Retry-After", "3").build();
      case "502 HTML page" -> new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
          .body("<html><head><title>502 Bad Gateway</title></head></html>").build();
      case "200 not JSON" -> answer(200, "{\"code\": 200, \"data\": {");
      case "200 envelope without data" -> answer(200, "{\"code\": 200, \"msg\": \"success\"}");
      case "200 without a task id" -> answer(200, "{\"code\": 200, \"msg\": \"success\", \"data\": {\"state\": \"pending\"}}");
      case "200 unknown code" -> answer(200, "{\"code\": \"E_WEIRD\", \"msg\": \"something\"}");
      default -> throw new IllegalArgumentException(answer);
    });

    Throwable failure = failure(call(call), clock);

    assertThat(failure.getClass().getSimpleName()).isEqualTo(exception);
    assertThat(((LipSyncException) failure).vendor()).isEqualTo("apimodels");
  }

  @Test
  void should_carry_the_retry_delay_of_a_429() {
    server.enqueue(new MockResponse.Builder(answer(429, "{\"code\": 429, \"msg\": \"slow down\"}"))
        .setHeader("Retry-After", "3").build());

    RateLimitedException limited = (RateLimitedException) failure(call("status"), clock);

    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void should_never_show_the_key_when_the_vendor_echoes_it_in_an_envelope() {
    server.enqueue(answer(200, "{\"code\": 401, \"msg\": \"key " + KEY + " is not valid\"}"));

    Throwable failure = failure(call("status"), clock);

    assertThat(failure).isInstanceOf(AuthenticationException.class);
    assertThat(failure.getMessage()).doesNotContain(KEY).contains("key **** is not valid");
    assertThat(((LipSyncException) failure).vendorMessage()).doesNotContain(KEY);
  }

  @Test
  void should_report_an_identification_that_outlives_its_timeout_as_a_deadline() {
    ApiModelsProvider impatient = ApiModelsProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .scheduler(clock)
        .identifyTimeout(Duration.ofSeconds(30))
        .client(TestSupport.CLIENT)
        .build();
    server.enqueue(answer(200, TestSupport.resource("answer-pending.json")));
    for (int i = 0; i < 20; i++) {
      server.enqueue(answer(200, TestSupport.resource("answer-pending.json")));
    }

    Throwable failure = failure(impatient.identifyFaces(VideoSource.url("https://example.com/video.mp4")), clock);

    assertThat(failure).isInstanceOf(DeadlineExceededException.class);
    assertThat(((LipSyncException) failure).taskRef()).contains(new TaskRef("apimodels", "clxxx..."));
    assertThat(failure.getMessage()).contains("pending");
  }

  @Test
  void should_keep_polling_an_identification_through_an_outage() throws Exception {
    server.enqueue(answer(200, TestSupport.resource("answer-pending.json")));
    server.enqueue(answer(503, "{\"code\": 503, \"msg\": \"busy\"}"));
    server.enqueue(answer(200, TestSupport.resource("answer-identify-completed.json")));

    FaceSession session = TestSupport.await(
        provider.identifyFaces(VideoSource.url("https://example.com/video.mp4")), clock);

    assertThat(session.sessionId()).isEqualTo("session_abc123");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }
}
