package dev.lipsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.lipsync.core.error.FailureKind;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builders of the records with more than three fields build what they were told. */
class BuildersTest {
  private static final TaskRef REF = new TaskRef("cometapi", "842250903629086785");

  @Test
  void should_build_a_face_with_what_the_vendor_told() {
    Face face = Face.builder("f1")
        .times(500, 4_000)
        .imageUrl(URI.create("https://cdn.example.com/f1.png"))
        .box(new BoundingBox(100, 80, 120, 150))
        .build();

    assertThat(face).isEqualTo(new Face("f1", 500L, 4_000L, URI.create("https://cdn.example.com/f1.png"),
        new BoundingBox(100, 80, 120, 150)));
    assertThat(Face.builder("f2").build()).isEqualTo(Face.of("f2"));
    assertThat(face.onScreenMs()).isEqualTo(3_500);
  }

  @Test
  void should_build_an_attempt() {
    Attempt attempt = Attempt.builder("alad", Attempt.Outcome.FAILED)
        .submitSent(true)
        .taskRef(REF)
        .failure(FailureKind.UNAVAILABLE, "HTTP 503")
        .build();

    assertThat(attempt).isEqualTo(
        new Attempt("alad", Attempt.Outcome.FAILED, true, REF, FailureKind.UNAVAILABLE, "HTTP 503"));
    assertThat(Attempt.builder("alad", Attempt.Outcome.SUCCEEDED).build().submitSent()).isFalse();
  }

  @Test
  void should_build_a_result_and_require_its_timings() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    ResultVideo video = new ResultVideo(URI.create("https://cdn.example.com/out.mp4"), Duration.ofMillis(5_100), "v1");

    LipSyncResult result = LipSyncResult.builder(REF, "job-1")
        .videos(List.of(video))
        .faceRules(List.of("face 1 by order of appearance"))
        .estimatedCostUsd(new BigDecimal("0.0133"))
        .timings(start, start.plusSeconds(185))
        .build();

    assertThat(result.vendor()).isEqualTo("cometapi");
    assertThat(result.videos()).containsExactly(video);
    assertThat(result.attempts()).isEmpty();
    assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(185));
    assertThat(result.estimatedCostUsd()).isEqualByComparingTo("0.0133");
    assertThatIllegalStateException().isThrownBy(() -> LipSyncResult.builder(REF, "job-1").build())
        .withMessage("Timings required: call timings(startedAt, finishedAt).");
  }

  @Test
  void should_not_show_the_secret_of_a_callback_url() {
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/v.mp4")
        .audio(AudioSource.url("https://example.com/a.mp3"))
        .callbackUrl("https://hooks.example.com:8443/callbacks/cometapi/s3cr3t-t0ken?sig=abc")
        .build();
    dev.lipsync.core.provider.SubmitRequest request = new dev.lipsync.core.provider.SubmitRequest(
        new FaceSession("v", "s", job.video(), java.util.List.of(Face.of("0"))),
        java.util.List.of(dev.lipsync.core.provider.ResolvedDub.of(job.dubs().get(0), Face.of("0"))),
        job.callbackUrl(), job.idempotencyKey());

    assertThat(job.toString()).contains("callbackUrl=https://hooks.example.com:8443/****")
        .doesNotContain("s3cr3t").doesNotContain("sig=abc").contains(job.idempotencyKey());
    assertThat(request.toString()).contains("callbackUrl=https://hooks.example.com:8443/****")
        .doesNotContain("s3cr3t");
    assertThat(LipSyncJob.redacted(null)).isNull();
  }
}
