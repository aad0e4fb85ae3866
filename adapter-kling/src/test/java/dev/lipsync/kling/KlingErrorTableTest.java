package dev.lipsync.kling;

import static dev.lipsync.kling.TestSupport.ACCESS_KEY;
import static dev.lipsync.kling.TestSupport.NOW;
import static dev.lipsync.kling.TestSupport.SECRET_KEY;
import static dev.lipsync.kling.TestSupport.failure;
import static dev.lipsync.kling.TestSupport.json;
import static dev.lipsync.kling.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kling's error table (the answers under {@code kling/error-<status>-<code>.json}) and the exception
 * each becomes, for the safe calls (identify, status, and text to speech, which makes only audio) and
 * for the paid submit, where a structured refusal proves nothing was created but a server error
 * (5000–5002) proves nothing either way: outcome unknown, with the key; 1303, parallel tasks over the
 * resource pack's limit, is a rate limit, never out of credit.
 */
class KlingErrorTableTest {
  private static final Face FACE = Face.of("0");
  private static final SubmitRequest SUBMIT = new SubmitRequest(
      new FaceSession("kling", "s-1", VideoSource.url("https://example.com/v.mp4"), List.of(FACE)),
      List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), FACE)),
      null, "key-1");

  enum Call { IDENTIFY, SUBMIT, STATUS, SPEAK }

  private final MockWebServer server = new MockWebServer();
  private KlingProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = TestSupport.provider(server, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(401, 1000, AuthenticationException.class),
        Arguments.of(401, 1001, AuthenticationException.class),
        Arguments.of(401, 1002, AuthenticationException.class),
        Arguments.of(401, 1003, AuthenticationException.class),
        Arguments.of(401, 1004, AuthenticationException.class),
        Arguments.of(429, 1100, OutOfCreditException.class),
        Arguments.of(429, 1101, OutOfCreditException.class),
        Arguments.of(429, 1102, OutOfCreditException.class),
        Arguments.of(403, 1103, AuthenticationException.class),
        Arguments.of(400, 1200, InvalidRequestException.class),
        Arguments.of(400, 1201, InvalidRequestException.class),
        Arguments.of(404, 1202, NotFoundException.class),
        Arguments.of(404, 1203, NotFoundException.class),
        Arguments.of(400, 1300, ContentRejectedException.class),
        Arguments.of(400, 1301, ContentRejectedException.class),
        Arguments.of(429, 1302, RateLimitedException.class),
        Arguments.of(429, 1303, RateLimitedException.class),
        Arguments.of(429, 1304, AuthenticationException.class),
        Arguments.of(500, 5000, UnavailableException.class),
        Arguments.of(503, 5001, UnavailableException.class),
        Arguments.of(504, 5002, UnavailableException.class));
  }

  private static Stream<Arguments> tableByCall() {
    return table().flatMap(row -> Stream.of(Call.values())
        .map(call -> Arguments.of(row.get()[0], row.get()[1], row.get()[2], call)));
  }

  @ParameterizedTest(name = "{3}: HTTP {0} code {1} -> {2}")
  @MethodSource("tableByCall")
  void should_map_each_documented_code(int status, int code, Class<?> expected, Call call) {
    server.enqueue(json(status, resource("error-" + status + "-" + code + ".json")));

    Throwable failure = failure(call(call));

    // A paid submit answered by a server error may still have made its task: never a plain "unavailable".
    boolean unknown = call == Call.SUBMIT && expected == UnavailableException.class;
    assertThat(failure).isExactlyInstanceOf(unknown ? SubmitOutcomeUnknownException.class : expected);
    LipSyncException error = (LipSyncException) failure;
    assertThat(error.vendor()).isEqualTo("kling");
    assertThat(error.httpStatus()).isEqualTo(status);
    assertThat(error.vendorCode()).isEqualTo(String.valueOf(code));
  }

  @ParameterizedTest(name = "HTTP 200 code {1} -> {2}")
  @MethodSource("table")
  void should_map_the_same_code_inside_a_200_envelope(int status, int code, Class<?> expected) {
    server.enqueue(json(200, resource("error-" + status + "-" + code + ".json")));

    assertThat(failure(call(Call.STATUS))).isExactlyInstanceOf(expected);
  }

  @Test
  void should_take_1303_as_a_wait_carrying_retry_after_never_as_out_of_credit() {
    server.enqueue(new MockResponse.Builder(json(429, resource("error-429-1303.json")))
        .setHeader("Retry-After", "2").build());

    Throwable failure = failure(call(Call.SUBMIT));

    assertThat(failure).isExactlyInstanceOf(RateLimitedException.class).isNotInstanceOf(OutOfCreditException.class);
    assertThat(((RateLimitedException) failure).retryAfter()).contains(java.time.Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @EnumSource(value = Call.class, names = {"SUBMIT"})
  void should_report_an_html_page_after_the_submit_as_outcome_unknown_with_the_key(Call call) {
    server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html><title>502 Bad Gateway</title></html>").build());

    Throwable failure = failure(call(call));

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(((SubmitOutcomeUnknownException) failure).idempotencyKey()).isEqualTo("key-1");
  }

  @Test
  void should_show_neither_key_in_an_error_that_echoes_them() {
    server.enqueue(json(401, "{\"code\": 1000, \"message\": \"bad token for " + ACCESS_KEY + " / "
        + SECRET_KEY + "\", \"request_id\": \"r\"}"));

    Throwable failure = failure(call(Call.IDENTIFY));

    assertThat(failure.toString()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
    assertThat(((LipSyncException) failure).vendorMessage()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
  }

  private CompletableFuture<?> call(Call call) {
    return switch (call) {
      case IDENTIFY -> provider.identifyFaces(VideoSource.url("https://example.com/v.mp4"));
      case SUBMIT -> provider.submit(SUBMIT);
      case STATUS -> provider.status(new TaskRef("kling", "842250903629086785"));
      case SPEAK -> provider.speak(AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN));
    };
  }
}
