package dev.lipsync.examples.boot;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts jobs and shows them. A job is named by its idempotency key: the client's {@code
 * Idempotency-Key} header, or one made here; posting the same key again shows the same job and pays
 * nothing twice.
 */
@RestController
class JobsController {
  private final LipSyncGateway gateway;
  private final SampleMedia samples;

  JobsController(LipSyncGateway gateway, ObjectProvider<SampleMedia> samples) {
    this.gateway = gateway;
    this.samples = samples.getIfAvailable(SampleMedia::none);
  }

  /** What a client asks for: a video and an audio file by URL; either may be left to the samples. */
  record JobRequest(@Nullable String videoUrl, @Nullable String audioUrl) {}

  /**
   * Starts a job: 202 with the job's key and where to see it; 400 naming what is wrong with the
   * request, before anything is sent to a vendor.
   */
  @PostMapping("/jobs")
  ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) @Nullable JobRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
    String videoUrl = request != null && request.videoUrl() != null ? request.videoUrl() : samples.videoUrl();
    String audioUrl = request != null && request.audioUrl() != null ? request.audioUrl() : samples.audioUrl();
    if (videoUrl == null || audioUrl == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "videoUrl and audioUrl are required"));
    }
    String jobKey = key != null && !key.isBlank() ? key.strip() : "job-" + UUID.randomUUID();
    LipSyncJob job;
    try {
      job = LipSyncJob.builder().videoUrl(videoUrl).audio(AudioSource.url(audioUrl)).idempotencyKey(jobKey).build();
    } catch (LipSyncException | IllegalArgumentException e) {
      // The library's message names the field, the value and the rule.
      return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }
    if (gateway.job(jobKey).isEmpty()) {
      gateway.run(job);
    }
    return ResponseEntity.accepted().location(URI.create("/jobs/" + jobKey)).body(Map.of("key", jobKey));
  }

  /** Where a job stands: its state, and its video once done or its failure once failed; 404 for a key never seen. */
  @GetMapping("/jobs/{key}")
  ResponseEntity<Map<String, Object>> show(@PathVariable String key) {
    JobHandle handle = gateway.job(key).orElse(null);
    if (handle == null) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no job " + key));
    }
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("key", key);
    shown.put("state", handle.state().name());
    handle.taskRef().ifPresent(ref -> shown.put("task", ref.toString()));
    CompletableFuture<LipSyncResult> result = handle.result();
    if (result.isDone()) {
      try {
        LipSyncResult done = result.join();
        shown.put("vendor", done.vendor());
        shown.put("videos", done.videos().stream().map(ResultVideo::url).map(URI::toString).toList());
      } catch (RuntimeException e) {
        shown.put("error", String.valueOf(LipSyncException.causeOf(e).getMessage()));
      }
    }
    return ResponseEntity.ok(shown);
  }
}
