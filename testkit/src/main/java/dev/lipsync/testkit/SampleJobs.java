package dev.lipsync.testkit;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Jobs and results that use every field a job store or a JSON form must keep: for tests that check a
 * job comes back exactly as it went in.
 */
public final class SampleJobs {
  private SampleJobs() {}

  /** The smallest job: one audio URL for the first face. */
  public static LipSyncJob plain(String key) {
    return LipSyncJob.builder().video(VideoSource.url("https://example.com/v.mp4"))
        .audio(AudioSource.url("https://example.com/a.mp3")).idempotencyKey(key).build();
  }

  /**
   * A job with every setting: several dubs (audio URL with clip and volumes, audio bytes, a vendor's
   * audio id, speech), a vendor's video, a callback, a timeout, preferred and excluded vendors and a
   * watermark.
   */
  public static LipSyncJob everything(String key) {
    return LipSyncJob.builder()
        .video(VideoSource.vendorVideo("video-77"))
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2)).audio(AudioSource.url("https://example.com/a.mp3"))
            .clip(250, 4_250).insertAtMs(1_500).volume(1.5).originalVolume(0.25)
            .audioLength(Duration.ofMillis(6_125)).build())
        .dub(Dub.builder().face(FaceSelector.byId("face-3"))
            .audio(AudioSource.bytes(new byte[] {'I', 'D', '3', 0, (byte) 0xff, 7}, AudioFormat.WAV)).build())
        .dub(Dub.builder().face(FaceSelector.onScreenAt(12_000)).audio(AudioSource.vendorAudio("audio-9")).build())
        .dub(Dub.builder().face(FaceSelector.longestOnScreen())
            .audio(AudioSource.speech("Grüße, \"world\" — 你好", "voice-1", VoiceLanguage.ZH).withSpeed(1.25))
            .build())
        .callbackUrl("https://hooks.example.com/lipsync/s3cret?vendor=x")
        .idempotencyKey(key)
        .timeout(Duration.ofMinutes(15).plusMillis(5))
        .preferVendors("cometapi", "alad")
        .excludeVendors("apimodels")
        .watermark(true)
        .build();
  }

  /** A job whose one dub is for every face, spoken by a vendor's audio given with its vendor. */
  public static LipSyncJob allFaces(String key) {
    return LipSyncJob.builder()
        .video(new VideoSource.VendorVideo("video-1", "task-1", "cometapi"))
        .dub(Dub.builder().face(FaceSelector.all()).audio(new AudioSource.VendorAudioId("a-1", "cometapi")).build())
        .idempotencyKey(key)
        .build();
  }

  /** A result with every field: two attempts (one failed), two videos, costs and face rules. */
  public static LipSyncResult result(String key, Instant startedAt) {
    TaskRef task = new TaskRef("apimodels", "task-842");
    return LipSyncResult.builder(task, key)
        .videos(List.of(
            new ResultVideo(URI.create("https://cdn.example.com/out.mp4?sig=abc"), Duration.ofMillis(4_200), "v-1",
                URI.create("https://cdn.example.com/out-wm.mp4")),
            new ResultVideo(URI.create("https://cdn.example.com/second.mp4"), null, null, null)))
        .attempts(List.of(
            Attempt.builder("cometapi", Attempt.Outcome.FAILED)
                .failure(FailureKind.UNAVAILABLE, "cometapi: 503 Service Unavailable").build(),
            Attempt.builder("apimodels", Attempt.Outcome.SUCCEEDED).submitSent(true).taskRef(task).build()))
        .faceRules(List.of("face 1 by order of appearance", "face 2 by order of appearance"))
        // Dubbed as a chain: the first face by task-841, the second on its video by task-842.
        .steps(List.of(
            new ChainStep(1, new TaskRef("apimodels", "task-841"),
                List.of(new ResultVideo(URI.create("https://cdn.example.com/first.mp4"), null, null, null)),
                List.of("face 1 by order of appearance")),
            new ChainStep(2, task, List.of(), List.of("face 2 by order of appearance"))))
        .estimatedCostUsd(new BigDecimal("0.4200"))
        .billedUnits(new BigDecimal("3"))
        .timings(startedAt, startedAt.plusSeconds(95).plusNanos(123_456_789))
        .build();
  }
}
