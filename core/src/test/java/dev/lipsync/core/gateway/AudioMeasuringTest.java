package dev.lipsync.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A dub without a clip at a vendor that requires the clip's times (Kling's face_choose): the gateway
 * measures the audio before anything is paid and sends the whole of it, or routes around the vendor.
 */
class AudioMeasuringTest {
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");
  private static final AudioSource AUDIO = AudioSource.url("https://example.com/line.mp3?sig=secret");

  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<AudioSource> probed = new ArrayList<>();

  /** A probe that answers every question with {@code answer}. */
  private AudioProbe probe(CompletableFuture<Duration> answer) {
    return audio -> {
      probed.add(audio);
      return answer;
    };
  }

  private AudioProbe measuring(Duration length) {
    return probe(CompletableFuture.completedFuture(length));
  }

  /** A vendor that identifies one face and whose task succeeds; {@code clipRequired} as Kling's. */
  private static ScriptedProvider vendor(String id, boolean clipRequired) {
    Capabilities capabilities = Capabilities.builder()
        .mode(Capabilities.Mode.builder("audio").videos(VideoKind.URL).audio(AudioKind.URL)
            .clipTiming(true).clipRequired(clipRequired).build())
        .build();
    TaskRef ref = new TaskRef(id, "task-" + id);
    return new ScriptedProvider(id, capabilities, Pricing.of("0.001", "0.01"))
        .on("identify", new FaceSession(id, "session-" + id, VIDEO, List.of(Face.of(id + "-face"))))
        .on("submit", ref)
        .on("status", TaskSnapshot.builder(ref, TaskState.SUCCEEDED).rawStatus("succeed")
            .videos(List.of(new ResultVideo(URI.create("https://cdn.example.com/v.mp4"), null, null)))
            .build());
  }

  private LipSyncGateway gateway(AudioProbe probe, ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(time)
        .random(() -> 0.0)
        .audioProbe(probe)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder.build();
  }

  private static LipSyncJob job(Dub dub) {
    return LipSyncJob.builder().video(VIDEO).dub(dub).build();
  }

  private LipSyncResult finish(CompletableFuture<LipSyncResult> result) {
    return Outcomes.finish(time, result);
  }

  private Throwable failureOf(CompletableFuture<?> result) {
    return Outcomes.failureOf(time, result);
  }

  @Test
  void should_send_the_whole_measured_audio_where_the_vendor_requires_the_clip() {
    ScriptedProvider kling = vendor("kling", true);

    LipSyncResult result = finish(
        gateway(measuring(Duration.ofMillis(12_500)), kling).run(job(Dub.of(AUDIO))).result());

    assertThat(probed).containsExactly(AUDIO);
    assertThat(kling.submitted()).singleElement().satisfies(request ->
        assertThat(request.dubs().get(0).requiredClip()).isEqualTo(new AudioClip(0, 12_500)));
    // One identification and 12.5 s of lip-sync: three units of five seconds, not the 60 s upper bound.
    assertThat(result.estimatedCostUsd()).isEqualByComparingTo(new BigDecimal("0.031"));
  }

  @Test
  void should_send_at_most_the_sixty_seconds_a_vendor_takes() {
    ScriptedProvider kling = vendor("kling", true);

    finish(gateway(measuring(Duration.ofSeconds(75)), kling).run(job(Dub.of(AUDIO))).result());

    assertThat(kling.submitted().get(0).dubs().get(0).requiredClip()).isEqualTo(new AudioClip(0, 60_000));
  }

  @Test
  void should_route_around_a_vendor_that_requires_the_clip_when_the_length_cannot_be_found() {
    ScriptedProvider kling = vendor("kling", true);
    ScriptedProvider alad = vendor("alad", false);

    LipSyncResult result = finish(gateway(
        probe(CompletableFuture.failedFuture(new java.io.IOException("not an audio file"))), kling, alad)
        .run(job(Dub.of(AUDIO))).result());

    assertThat(result.taskRef().vendor()).isEqualTo("alad");
    assertThat(kling.calls("identify")).isZero();
    assertThat(alad.submitted().get(0).dubs().get(0).clip()).isNull();
  }

  @Test
  void should_refuse_before_anything_is_paid_naming_the_clip_options_when_no_vendor_can_do_without() {
    ScriptedProvider kling = vendor("kling", true);

    Throwable failure = failureOf(gateway(AudioProbe.NONE, kling).run(job(Dub.of(AUDIO))).result());

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("requires the clip's times")
        .hasMessageContaining("--audio-start-ms").hasMessageContaining("--audio-end-ms")
        .hasMessageContaining("Dub.clip");
    assertThat(kling.calls("identify")).isZero();
  }

  @Test
  void should_refuse_audio_shorter_than_any_vendor_takes_before_anything_is_paid() {
    ScriptedProvider kling = vendor("kling", true);

    Throwable failure = failureOf(
        gateway(measuring(Duration.ofMillis(1_500)), kling).run(job(Dub.of(AUDIO))).result());

    assertThat(failure).isInstanceOfSatisfying(InvalidRequestException.class, e ->
        assertThat(e.violations()).singleElement().satisfies(v -> {
          assertThat(v.field()).isEqualTo("dub[0].audioLength");
          assertThat(v.value()).isEqualTo("1500 ms");
        }));
    assertThat(kling.calls("identify")).isZero();
  }

  @Test
  void should_not_measure_what_is_known_or_what_no_vendor_needs() {
    AudioProbe probe = measuring(Duration.ofSeconds(9));

    finish(gateway(probe, vendor("kling", true))
        .run(job(Dub.builder().audio(AUDIO).clip(0, 4_000).build())).result());
    finish(gateway(probe, vendor("kling", true))
        .run(job(Dub.builder().audio(AUDIO).audioLength(Duration.ofSeconds(5)).build())).result());
    finish(gateway(probe, vendor("alad", false)).run(job(Dub.of(AUDIO))).result());

    assertThat(probed).isEmpty();
  }

  @Test
  void should_measure_the_audio_of_the_two_step_flow_too() {
    ScriptedProvider kling = vendor("kling", true);
    LipSyncGateway gateway = gateway(measuring(Duration.ofMillis(4_200)), kling);
    FaceSession session = gateway.identify(VIDEO).join();

    finish(gateway.submit(session, List.of(Dub.of(AUDIO)), JobListener.NONE).result());

    assertThat(kling.submitted().get(0).dubs().get(0).requiredClip()).isEqualTo(new AudioClip(0, 4_200));
  }

  @Test
  void should_send_nothing_for_a_job_cancelled_while_its_audio_is_measured() {
    ScriptedProvider kling = vendor("kling", true);
    CompletableFuture<Duration> length = new CompletableFuture<>();
    JobHandle handle = gateway(probe(length), kling).run(job(Dub.of(AUDIO)));

    handle.cancel();
    length.complete(Duration.ofSeconds(8));

    assertThat(failureOf(handle.result())).isInstanceOf(CancellationException.class);
    assertThat(handle.state()).isEqualTo(JobState.CANCELLED);
    assertThat(kling.calls("identify")).isZero();
  }
}
