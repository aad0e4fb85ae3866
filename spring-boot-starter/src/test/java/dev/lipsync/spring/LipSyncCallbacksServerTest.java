package dev.lipsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.CallbackTokens;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter's gateway and callback endpoint on a real server on a random port, against CometAPI's
 * simulator: the vendor is given its own callback URL, a genuine callback posted over HTTP completes the
 * job, and forged, oversized and misdirected ones change nothing.
 *
 * <p>No clock is waited for: polls are an hour apart, so only a callback can end the job while the test
 * runs, and the simulator's tasks end when the test says. The only waits are bounded ones for loopback
 * I/O (the submit, the status call that confirms a callback).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = LipSyncCallbacksServerTest.App.class,
    properties = {
        "lipsync.poll.first-delay=1h",
        "lipsync.poll.max-delay=1h",
        "lipsync.callbacks.public-url=https://hooks.example.com",
        "lipsync.callbacks.secret=" + LipSyncCallbacksServerTest.SECRET,
    })
class LipSyncCallbacksServerTest {
  static final String SECRET = "test-master-secret_0123456789abcdefghijklmnop";
  private static final String KEY = "sk-cometapi-test-0123456789";
  private static final Duration IO = Duration.ofSeconds(20);
  private static final CometApiSimulator SIMULATOR = new CometApiSimulator(KEY, new ManualScheduler()).start();
  private static final CallbackTokens TOKENS = CallbackTokens.of(SECRET);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    /** The gateway's meters, where the test sees what became of each callback. */
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @DynamicPropertySource
  static void vendor(DynamicPropertyRegistry properties) {
    properties.add("lipsync.vendors.cometapi.api-key", () -> KEY);
    properties.add("lipsync.vendors.cometapi.base-url", SIMULATOR::baseUrl);
  }

  @AfterAll
  static void stopSimulator() {
    SIMULATOR.close();
  }

  @LocalServerPort int port;
  @Autowired LipSyncGateway gateway;
  @Autowired MeterRegistry registry;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(IO).build();

  @Test
  void should_complete_a_job_on_a_real_callback_and_let_forged_ones_change_nothing() throws Exception {
    SIMULATOR.script(TaskScript.neverEnds());
    CompletableFuture<TaskRef> submitted = new CompletableFuture<>();
    JobHandle handle = gateway.run(job(), event -> {
      if (event.type() == JobEvent.Type.SUBMITTED) {
        submitted.complete(event.taskRef());
      }
    });
    TaskRef ref = submitted.get(IO.toSeconds(), TimeUnit.SECONDS);

    // The vendor was given its own URL: the public URL, the path, its id and its token.
    String url = "https://hooks.example.com/lipsync/callbacks/cometapi/" + TOKENS.tokenFor("cometapi");
    assertThat(SIMULATOR.requests(Endpoint.SUBMIT).get(0).body()).contains("\"callback_url\":\"" + url + "\"");
    // A reverse proxy forwards the public URL's path to this server.
    String path = URI.create(url).getRawPath();

    String forged = SIMULATOR.forgedCallbackBody(ref.taskId(), "https://evil.example/not-your-video.mp4");
    assertThat(post("/lipsync/callbacks/cometapi/" + TOKENS.tokenFor("cometapi").substring(1) + "A", forged))
        .as("a wrong token").isEqualTo(404);
    assertThat(post("/lipsync/callbacks/cometapi/" + TOKENS.tokenFor("kling"), forged))
        .as("another vendor's token").isEqualTo(404);
    assertThat(post("/lipsync/callbacks/cometapi", forged)).as("no token").isEqualTo(404);
    assertThat(post(path + "/more", forged)).as("a path of another shape").isEqualTo(404);
    assertThat(post("/lipsync/callbacks/nobody/" + TOKENS.tokenFor("nobody"), forged))
        .as("the token of a vendor the gateway does not know").isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(local(path)).GET())).satisfies(response -> {
      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    });
    byte[] oversized = new byte[64 * 1024 + 1];
    Arrays.fill(oversized, (byte) ' ');
    assertThat(post(path, oversized)).as("refused by its declared length").isEqualTo(413);
    assertThat(send(HttpRequest.newBuilder(local(path)).POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new ByteArrayInputStream(oversized)))).statusCode()).as("chunked: refused once over").isEqualTo(413);
    assertThat(post(path, new byte[] {'{', (byte) 0xff, '}'})).as("not UTF-8").isEqualTo(400);
    assertThat(post(path, "{not json")).as("not the vendor's callback").isEqualTo(400);
    assertThat(SIMULATOR.count(Endpoint.STATUS)).as("no refused callback reached the gateway").isZero();

    // With the right token, a forgery is taken as a hint, and the vendor's status call contradicts it.
    assertThat(post(path, forged)).isEqualTo(204);
    awaitCallbacks("contradicted", 1);
    assertThat(handle.result()).as("the forgery ended nothing").isNotDone();

    SIMULATOR.lastTask().finish(true);
    assertThat(post(path, SIMULATOR.callbackBody(ref.taskId()))).isEqualTo(204);
    LipSyncResult result = handle.result().get(IO.toSeconds(), TimeUnit.SECONDS);

    assertThat(result.taskRef()).isEqualTo(ref);
    assertThat(result.videos()).extracting(ResultVideo::url).allSatisfy(video ->
        assertThat(video.toString()).startsWith(SIMULATOR.baseUrl()).doesNotContain("evil"));
    assertThat(callbacks("confirmed")).isEqualTo(1);
    assertThat(post(path, SIMULATOR.callbackBody(ref.taskId()))).as("a duplicate after the end").isEqualTo(204);
  }

  private static LipSyncJob job() {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(FaceSelector.unnamed()).audio(AudioSource.url(SIMULATOR.audioUrl()))
            .audioLength(VendorSimulator.SAMPLE_AUDIO_LENGTH).build())
        .build();
  }

  private URI local(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private int post(String path, String body) throws Exception {
    return post(path, body.getBytes(StandardCharsets.UTF_8));
  }

  private int post(String path, byte[] body) throws Exception {
    return send(HttpRequest.newBuilder(local(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))).statusCode();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = http.send(request.timeout(IO).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).as("every answer is empty").isEmpty();
    return response;
  }

  private double callbacks(String verdict) {
    Counter counter = registry.find("lipsync.callbacks").tags("vendor", "cometapi", "verdict", verdict).counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * Waits, at most {@link #IO}, for the gateway to count {@code count} callbacks with {@code verdict}:
   * the status call that weighs a callback runs on loopback after the callback was answered.
   */
  private void awaitCallbacks(String verdict, int count) {
    long deadline = System.nanoTime() + IO.toNanos();
    while (callbacks(verdict) < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(callbacks(verdict)).isEqualTo(count);
  }
}
