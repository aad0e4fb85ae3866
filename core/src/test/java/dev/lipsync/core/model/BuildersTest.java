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
}
