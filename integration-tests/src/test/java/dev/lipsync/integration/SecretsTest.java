package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import dev.lipsync.testkit.VirtualTime;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * A slice of the fault matrix run with one distinctive key, whose vendors echo that key back in every
 * error they can: a 401, an HTML page, a malformed answer, a business error, the error's code, a long
 * message cut short, a task's failure message and status word, a callback. Everything the
 * library lets out is then scanned for the key: exception messages and causes, job events, results,
 * {@code toString()} of every object handed out, meter names and tags, and the log file every level of
 * logging goes to (see {@code simplelogger.properties}).
 */
class SecretsTest {
  private static final String KEY = "sk-DISTINCT-9c41e07b5a2f86d3";
  private static final Path LOG = Path.of("target", "integration-tests.log");

  private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  /** The providers' client: while it has a call under way the clock stands still. */
  private final OkHttpClient http = new OkHttpClient();

  /** The vendor's error answers, each quoting the key. */
  private static List<Fault> echoingFaults() {
    return List.of(
        json(401, "{\"code\":1000,\"message\":\"Authorization failed for " + KEY + "\",\"request_id\":\"r1\"}"),
        json(400, "{\"code\":1201,\"message\":\"param invalid, key=" + KEY + "\",\"request_id\":\"r2\"}"),
        json(200, "{\"code\":1200,\"msg\":\"bad request from Bearer " + KEY + "\"}"),
        json(200, "{\"task_id\": \"" + KEY),
        Fault.response(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
            .body("<html><body>Bad gateway for Authorization: Bearer " + KEY + "</body></html>").build()),
        json(429, "{\"error\":{\"message\":\"too many requests for " + KEY + "\"}}"),
        // The key as the error's code, and far into a long message that is cut at 300 characters.
        json(400, "{\"code\":\"" + KEY + "\",\"message\":\"refused\"}"),
        json(400, "{\"error\":{\"code\":\"" + KEY + "\",\"message\":\"refused\"}}"),
        json(400, "{\"code\":1201,\"message\":\"" + "x".repeat(280) + " " + KEY + "\"}"));
  }

  private static Fault json(int status, String body) {
    return Fault.response(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .body(body).build());
  }

  @Test
  void should_never_let_the_key_out_whatever_a_vendor_echoes() throws IOException {
    try (CometApiSimulator cometapi = new CometApiSimulator(KEY, clock).start();
        ApiModelsSimulator apimodels = new ApiModelsSimulator(KEY, clock).start();
        AladSimulator alad = new AladSimulator(KEY, clock).start()) {
      alad.faces(List.of(SimFace.defaults().get(0)));
      List<VendorSimulator> simulators = List.of(cometapi, apimodels, alad);
      List<Function<String, LipSyncProvider>> providers = List.of(
          url -> CometApiProvider.builder().apiKey(KEY).baseUrl(url).requestTimeout(Duration.ofSeconds(2))
              .client(http).build(),
          url -> ApiModelsProvider.builder().apiKey(KEY).baseUrl(url).requestTimeout(Duration.ofSeconds(2))
              .scheduler(clock).client(http).build(),
          url -> AladProvider.builder().apiKey(KEY).baseUrl(url).requestTimeout(Duration.ofSeconds(2))
              .client(http).build());
      int cells = 0;
      for (int v = 0; v < simulators.size(); v++) {
        VendorSimulator simulator = simulators.get(v);
        LipSyncProvider provider = providers.get(v).apply(simulator.baseUrl());
        seen.add(provider.toString());
        for (Endpoint endpoint : Endpoint.values()) {
          for (Fault fault : echoingFaults()) {
            simulator.clearFaults();
            simulator.injectAlways(endpoint, fault);
            runJob(provider);
            cells++;
          }
        }
        simulator.clearFaults();
        // The key as a task's failure message (task_status_msg, failMsg, fail_reason) and status word.
        simulator.script(TaskScript.fails("no face found, " + KEY));
        runJob(provider);
        simulator.script(TaskScript.succeeds().reportingWhileRunning(KEY));
        runJob(provider);
        simulator.script(TaskScript.succeeds());
        cells += 2;
        deliverEchoingCallbacks(provider, simulator);
      }
      assertThat(cells).isEqualTo(3 * (Endpoint.values().length * echoingFaults().size() + 2));
    }

    for (Meter meter : registry.getMeters()) {
      seen.add(meter.getId().getName());
      meter.getId().getTags().stream().map(Tag::getValue).forEach(seen::add);
    }
    assertThat(seen).as("messages, events, results and meters seen").hasSizeGreaterThan(100)
        .noneSatisfy(text -> assertThat(text).contains(KEY))
        .noneSatisfy(text -> assertThat(text).contains(KEY.substring(3)))
        .noneSatisfy(text -> assertThat(text).as("a start of the key").contains(KEY.substring(0, 8)));
    String log = Files.readString(LOG, StandardCharsets.UTF_8);
    assertThat(log).as("the log, every level").isNotBlank().doesNotContain(KEY).doesNotContain(KEY.substring(3))
        .doesNotContain(KEY.substring(0, 8));
  }

  private void runJob(LipSyncProvider provider) {
    LipSyncGateway gateway = LipSyncGateway.builder()
        .provider(provider)
        .scheduler(clock)
        .meterRegistry(registry)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0))
        // No retries and a short deadline: the slice is about what is said, not how often.
        .resilience(ResilienceSettings.builder().maxAttempts(1).jitter(0).build())
        .defaultTimeout(Duration.ofSeconds(30))
        .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
        .build();
    seen.add(gateway.toString());
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .audio(AudioSource.url("https://example.com/line.mp3"))
        .build();
    JobHandle handle = gateway.run(job, event -> record(event));
    CompletableFuture<LipSyncResult> result = handle.result();
    try {
      // The clock moves only between calls: five seconds per 10 ms let the 30 s deadline overtake an
      // answer on a loaded machine, and the slice then saw a timeout instead of the echoing fault.
      LipSyncResult done = VirtualTime.await(result, clock, VirtualTime.callsInFlight(http));
      seen.add(done.toString());
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        seen.add(t.toString());
        seen.add(String.valueOf(t.getMessage()));
        for (StackTraceElement frame : t.getStackTrace()) {
          seen.add(frame.toString());
        }
      }
    }
    seen.add(handle.attempts().toString());
    seen.add(String.valueOf(handle.taskRef()));
  }

  private void record(JobEvent event) {
    seen.add(event.toString());
    seen.add(event.message());
  }

  /** Callbacks quoting the key, malformed or for tasks not tracked: the gateway logs and ignores them. */
  private void deliverEchoingCallbacks(LipSyncProvider provider, VendorSimulator simulator) {
    if (!provider.capabilities().callbacks()) {
      return;
    }
    LipSyncGateway gateway = LipSyncGateway.builder().provider(provider).scheduler(clock).build();
    List<String> bodies = new ArrayList<>(List.of(
        "{\"task_id\": \"" + KEY + "\", \"task_status\": \"succeed\"}",
        "not json " + KEY,
        "{\"code\": 200, \"data\": {\"taskId\": \"" + KEY + "\", \"state\": \"success\"}}"));
    if (simulator.lastTask() != null) {
      bodies.add(simulator.callbackBody(simulator.lastTask().id()).replace("}", ", \"echo\": \"" + KEY + "\"}"));
    }
    for (String body : bodies) {
      seen.add(gateway.onCallback(provider.id(), body).toString());
    }
  }
}
