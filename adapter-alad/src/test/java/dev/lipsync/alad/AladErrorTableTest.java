package dev.lipsync.alad;

import static dev.lipsync.alad.Fixtures.KEY;
import static dev.lipsync.alad.Fixtures.VIDEO;
import static dev.lipsync.alad.Fixtures.failure;
import static dev.lipsync.alad.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each HTTP status and each error body alad may send (Kling's envelope with its business code, the
 * relay's generic envelope with a word as its code, an HTML page, nothing) becomes one exception class,
 * at a safe call (identify, status) and at the paid submit. At the submit only alad's own refusal (a
 * 4xx or 5xx in its envelope, with a code that means refused) keeps its class; everything else, an
 * outage, a bare status, a redirect or an error inside a 200, may follow the task's creation and is an
 * unknown outcome.
 */
class AladErrorTableTest {
  private final MockWebServer server = new MockWebServer();
  private AladProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = Fixtures.provider(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "HTTP {0} {1} {2}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    // Kling's envelope: the business code decides
    "401 | kling   | 1000 | AuthenticationException     | AuthenticationException",
    "401 | kling   | 1001 | AuthenticationException     | AuthenticationException",
    "401 | kling   | 1002 | AuthenticationException     | AuthenticationException",
    "401 | kling   | 1003 | AuthenticationException     | AuthenticationException",
    "401 | kling   | 1004 | AuthenticationException     | AuthenticationException",
    "429 | kling   | 1100 | OutOfCreditException        | OutOfCreditException",
    "429 | kling   | 1101 | OutOfCreditException        | OutOfCreditException",
    "429 | kling   | 1102 | OutOfCreditException        | OutOfCreditException",
    "403 | kling   | 1103 | AuthenticationException     | AuthenticationException",
    "400 | kling   | 1200 | InvalidRequestException     | InvalidRequestException",
    "400 | kling   | 1201 | InvalidRequestException     | InvalidRequestException",
    "404 | kling   | 1202 | NotFoundException           | NotFoundException",
    "404 | kling   | 1203 | NotFoundException           | NotFoundException",
    "400 | kling   | 1300 | ContentRejectedException    | ContentRejectedException",
    "400 | kling   | 1301 | ContentRejectedException    | ContentRejectedException",
    "429 | kling   | 1302 | RateLimitedException        | RateLimitedException",
    "429 | kling   | 1303 | RateLimitedException        | RateLimitedException",
    "429 | kling   | 1304 | AuthenticationException     | AuthenticationException",
    "500 | kling   | 5000 | UnavailableException        | SubmitOutcomeUnknownException",
    "503 | kling   | 5001 | UnavailableException        | SubmitOutcomeUnknownException",
    "504 | kling   | 5002 | UnavailableException        | SubmitOutcomeUnknownException",
    // the relay's generic envelope: a word as the code, so the HTTP status decides
    "400 | generic | invalid_request         | InvalidRequestException | InvalidRequestException",
    "401 | generic | invalid_api_key         | AuthenticationException | AuthenticationException",
    "402 | generic | insufficient_user_quota | OutOfCreditException    | OutOfCreditException",
    "403 | generic | access_denied           | AuthenticationException | AuthenticationException",
    "404 | generic | task_not_exist          | NotFoundException       | NotFoundException",
    "429 | generic | rate_limit_exceeded     | RateLimitedException    | RateLimitedException",
    "500 | generic | internal_error          | UnavailableException    | SubmitOutcomeUnknownException",
    "503 | generic | service_unavailable     | UnavailableException    | SubmitOutcomeUnknownException",
    // pages and bare statuses
    "502 | html    | -    | UnavailableException        | SubmitOutcomeUnknownException",
    "504 | html    | -    | UnavailableException        | SubmitOutcomeUnknownException",
    "200 | html    | -    | ProtocolException           | SubmitOutcomeUnknownException",
    "408 | empty   | -    | UnavailableException        | SubmitOutcomeUnknownException",
    "413 | empty   | -    | InvalidRequestException     | SubmitOutcomeUnknownException",
    "418 | empty   | -    | ProtocolException           | SubmitOutcomeUnknownException",
    "302 | empty   | -    | ProtocolException           | SubmitOutcomeUnknownException",
    // an error envelope inside a 200 answer
    "200 | kling   | 1002 | AuthenticationException     | SubmitOutcomeUnknownException",
    "200 | kling   | 1101 | OutOfCreditException        | SubmitOutcomeUnknownException",
    "200 | kling   | 1201 | InvalidRequestException     | SubmitOutcomeUnknownException",
    "200 | kling   | 1203 | NotFoundException           | SubmitOutcomeUnknownException",
    "200 | kling   | 1301 | ContentRejectedException    | SubmitOutcomeUnknownException",
    "200 | kling   | 1303 | RateLimitedException        | SubmitOutcomeUnknownException",
    "200 | kling   | 5001 | UnavailableException        | SubmitOutcomeUnknownException",
    "200 | kling   | 1999 | ProtocolException           | SubmitOutcomeUnknownException",
    // A word the relays use for a refusal decides at a safe call even in a 200; a 200 to a submit
    // says the request was handled, so no word in it proves that nothing was created.
    "200 | generic | invalid_request         | InvalidRequestException | SubmitOutcomeUnknownException",
    "200 | generic | quota_not_enough        | OutOfCreditException    | SubmitOutcomeUnknownException",
    "403 | generic | quota_not_enough        | OutOfCreditException    | OutOfCreditException",
    "200 | generic | insufficient_user_quota | ProtocolException | SubmitOutcomeUnknownException",
  })
  void should_map_each_status_and_envelope_to_one_exception(
      int status, String kind, String code, String safeCall, String paidCall) throws Exception {
    assertFailure(() -> provider.identifyFaces(VIDEO), status, kind, code, safeCall);
    if (safeCall.equals("NotFoundException")) {
      // The status call looks once at the other status path before it reports the task unknown.
      server.enqueue(answer(status, kind, code));
    }
    assertFailure(() -> provider.status(new TaskRef("alad", "t-1")), status, kind, code, safeCall);
    assertFailure(() -> provider.submit(submit()), status, kind, code, paidCall);
  }

  private void assertFailure(
      Supplier<CompletableFuture<?>> call, int status, String kind, String code, String type) throws Exception {
    server.enqueue(answer(status, kind, code));
    Throwable failure = failure(call.get());

    assertThat(failure.getClass().getSimpleName()).as(failure.toString()).isEqualTo(type);
    LipSyncException error = (LipSyncException) failure;
    assertThat(error.vendor()).isEqualTo("alad");
    assertThat(error.getMessage()).doesNotContain(KEY);
    if (kind.equals("kling") || kind.equals("generic")) {
      assertThat(error.httpStatus()).isEqualTo(status);
      assertThat(error.vendorCode()).isEqualTo(code);
      assertThat(error.vendorMessage()).isEqualTo("alad says no to ****");
    }
  }

  private static MockResponse answer(int status, String kind, String code) {
    // The vendor echoes the key: it must come out redacted.
    String message = "alad says no to " + KEY;
    return switch (kind) {
      case "kling" -> Fixtures.json(status,
          "{\"code\": " + code + ", \"message\": \"" + message + "\", \"request_id\": \"r-1\"}");
      case "generic" -> Fixtures.json(status,
          "{\"code\": \"" + code + "\", \"message\": \"" + message + "\", \"data\": null}");
      case "html" -> new MockResponse.Builder().code(status).setHeader("Content-Type", "text/html")
          .body("<html><head><title>" + status + " Bad Gateway</title></head><body>nginx</body></html>").build();
      default -> new MockResponse.Builder().code(status).build();
    };
  }

  private static SubmitRequest submit() {
    Face face = Face.of("0");
    return new SubmitRequest(session(face),
        List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/speech.mp3")), face)), null, "k");
  }
}
