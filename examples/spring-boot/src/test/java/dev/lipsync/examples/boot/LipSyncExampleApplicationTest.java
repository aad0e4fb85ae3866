package dev.lipsync.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.VendorSimulator;
import dev.lipsync.testkit.VirtualTime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application on a random port, against its simulators, on a manual clock: a job started
 * over HTTP is done after the clock moves, and shown over HTTP.
 */
class LipSyncExampleApplicationTest {
  private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-06-01T09:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private ConfigurableApplicationContext application;
  private String base;

  @BeforeEach
  void start() {
    SpringApplication app = new SpringApplication(LipSyncExampleApplication.class);
    // The test's clock in place of the system's (the simulators and the gateway run on it), and the
    // simulators' audio measured as what it is, without a fetch outside the clock's view.
    app.addInitializers(context -> {
      context.getBeanFactory().registerSingleton("lipSyncScheduler", clock);
      context.getBeanFactory().registerSingleton("audioProbe", SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH));
    });
    application = app.run("--server.port=0", "--spring.main.banner-mode=off");
    base = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");
  }

  @AfterEach
  void stop() {
    application.close();
  }

  @Test
  void should_start_a_job_over_http_and_show_it_done() throws Exception {
    HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs"))
        .header("Content-Type", "application/json").header("Idempotency-Key", "order-7")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(started.headers().firstValue("Location")).contains("/jobs/order-7");
    LipSyncGateway gateway = application.getBean(LipSyncGateway.class);
    BooleanSupplier busy = VirtualTime.callsInFlight(application.getBean(OkHttpClient.class));
    VirtualTime.await(gateway.job("order-7").orElseThrow().result(), clock, busy);

    HttpResponse<String> shown = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/order-7")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).contains("\"state\":\"SUCCEEDED\"", "\"vendor\":\"cometapi\"", "\"videos\":[\"http");
    assertThat(application.getBean(CometApiSimulator.class).count(Endpoint.SUBMIT)).isEqualTo(1);
  }

  @Test
  void should_refuse_a_bad_request_before_sending_anything_and_not_know_an_unknown_job() throws Exception {
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"videoUrl\":\"ftp://example.com/a.mp4\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "/jobs/nope")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("ftp://example.com/a.mp4");
    assertThat(application.getBean(CometApiSimulator.class).requests()).isEmpty();
    assertThat(unknown.statusCode()).isEqualTo(404);
  }
}
