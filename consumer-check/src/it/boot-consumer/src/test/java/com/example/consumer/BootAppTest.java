package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.testkit.CometApiSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link BootApp} on this project's dependency set alone: the starter configures CometAPI from
 * properties, a job runs at the simulator, and Actuator shows the job's meters and the vendor's health.
 */
@Timeout(60)
class BootAppTest {
  private final SystemScheduler scheduler = new SystemScheduler();
  private final CometApiSimulator cometapi = new CometApiSimulator("cometapi-key", scheduler).start();
  private final HttpClient http = HttpClient.newHttpClient();
  private ConfigurableApplicationContext application;

  @AfterEach
  void stop() {
    if (application != null) {
      application.close();
    }
    cometapi.close();
    scheduler.close();
  }

  @Test
  void should_run_a_job_and_show_its_meters_and_the_vendor_s_health() throws Exception {
    application = SpringApplication.run(BootApp.class,
        "--server.port=0",
        "--spring.main.banner-mode=off",
        "--lipsync.vendors.cometapi.api-key=cometapi-key",
        "--lipsync.vendors.cometapi.base-url=" + cometapi.baseUrl(),
        // The simulator answers from memory: poll again almost at once until the task ends.
        "--lipsync.poll.first-delay=0s", "--lipsync.poll.factor=1", "--lipsync.poll.max-delay=10ms",
        "--lipsync.poll.jitter=0",
        "--management.endpoints.web.exposure.include=health,metrics",
        "--management.endpoint.health.show-details=always");
    String base = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");

    LipSyncResult result = application.getBean(LipSyncGateway.class).run(LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4").audio(AudioSource.url(cometapi.audioUrl())).build())
        .result().get(30, TimeUnit.SECONDS);

    assertThat(result.vendor()).isEqualTo("cometapi");
    HttpResponse<String> jobs = get(base + "/actuator/metrics/lipsync.jobs");
    assertThat(jobs.statusCode()).isEqualTo(200);
    assertThat(jobs.body()).contains("\"name\":\"lipsync.jobs\"", "\"statistic\":\"COUNT\",\"value\":1.0");
    HttpResponse<String> health = get(base + "/actuator/health");
    assertThat(health.body()).contains("\"lipsync\"", "\"cometapi\"").doesNotContain("cometapi-key");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
