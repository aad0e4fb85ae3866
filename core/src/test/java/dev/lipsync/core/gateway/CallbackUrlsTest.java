package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.capabilities;
import static dev.lipsync.core.gateway.ScriptedVendors.job;
import static dev.lipsync.core.gateway.ScriptedVendors.vendor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link LipSyncGateway.Builder#callbackUrls}: each vendor is given the URL that names it. */
class CallbackUrlsTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final CallbackTokens tokens = CallbackTokens.of("a-master-secret-of-at-least-32-chars_0123");
  private final Function<String, URI> perVendor =
      vendor -> URI.create("https://hooks.example.com/lipsync/callbacks/" + vendor + "/" + tokens.tokenFor(vendor));

  private LipSyncGateway.Builder gateway(ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(time)
        .random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder;
  }

  @Test
  void should_give_each_vendor_its_own_url_when_a_job_fails_over() {
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.of("0.001", "0.01"))
        .on("identify", new FaceSession("a", "session-a", ScriptedVendors.VIDEO, List.of(Face.of("a-face"))))
        .on("submit", new OutOfCreditException("a", "HTTP 402"));
    ScriptedProvider b = vendor("b");

    LipSyncResult result = Outcomes.finish(time, gateway(a, b).callbackUrls(perVendor).build().run(job()).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(a.submitted()).extracting(SubmitRequest::callbackUrl).containsExactly(perVendor.apply("a"));
    assertThat(b.submitted()).extracting(SubmitRequest::callbackUrl).containsExactly(perVendor.apply("b"));
    assertThat(perVendor.apply("a")).isNotEqualTo(perVendor.apply("b"));
  }

  @Test
  void should_let_a_job_s_own_url_win() {
    ScriptedProvider a = vendor("a");
    LipSyncJob job = LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.url("https://example.com/a.mp3")).callbackUrl("https://own.example.com/hook/x").build();

    Outcomes.finish(time, gateway(a).callbackUrls(perVendor).build().run(job).result());

    assertThat(a.submitted()).extracting(SubmitRequest::callbackUrl)
        .containsExactly(URI.create("https://own.example.com/hook/x"));
  }

  @Test
  void should_send_no_url_without_the_setting_or_where_the_function_gives_none() {
    ScriptedProvider a = vendor("a");
    Outcomes.finish(time, gateway(a).build().run(job()).result());
    assertThat(a.submitted()).extracting(SubmitRequest::callbackUrl).containsOnlyNulls();

    ScriptedProvider b = vendor("b");
    Outcomes.finish(time, gateway(b).callbackUrls(vendor -> null).build().run(job()).result());
    assertThat(b.submitted()).extracting(SubmitRequest::callbackUrl).containsOnlyNulls();
  }

  @Test
  void should_poll_a_task_whose_url_the_function_cannot_give() {
    ScriptedProvider a = vendor("a");
    ScriptedProvider b = vendor("b");

    LipSyncResult broken = Outcomes.finish(time, gateway(a).callbackUrls(vendor -> {
      throw new IllegalStateException("no URL");
    }).build().run(job()).result());
    LipSyncResult relative = Outcomes.finish(time,
        gateway(b).callbackUrls(vendor -> URI.create("/relative/" + vendor)).build().run(job()).result());

    assertThat(broken.vendor()).isEqualTo("a");
    assertThat(a.submitted()).extracting(SubmitRequest::callbackUrl).containsOnlyNulls();
    assertThat(relative.vendor()).isEqualTo("b");
    assertThat(b.submitted()).extracting(SubmitRequest::callbackUrl).containsOnlyNulls();
  }

  @Test
  void should_refuse_no_function() {
    assertThatNullPointerException().isThrownBy(() -> LipSyncGateway.builder().callbackUrls(null));
  }
}
