package dev.lipsync.core.gateway;

import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Scripted vendors and jobs that the gateway's tests share. */
final class ScriptedVendors {
  static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");

  private ScriptedVendors() {}

  static Capabilities capabilities(boolean lookup, boolean cancels) {
    return Capabilities.builder()
        .mode(Capabilities.Mode.builder("audio").videos(VideoKind.URL, VideoKind.VENDOR_VIDEO).audio(AudioKind.URL).build())
        .findsTasksByIdempotencyKey(lookup)
        .cancels(cancels)
        .build();
  }

  /** A vendor that identifies one face and creates task {@code task-<id>}; its status is up to the test. */
  static ScriptedProvider bare(String id, boolean lookup, boolean cancels, String perFiveSeconds) {
    return new ScriptedProvider(id, capabilities(lookup, cancels), Pricing.of("0.001", perFiveSeconds))
        .on("identify", new FaceSession(id, "session-" + id, VIDEO, List.of(Face.of(id + "-face"))))
        .on("submit", new TaskRef(id, "task-" + id));
  }

  /** A vendor whose task succeeds on the first poll. */
  static ScriptedProvider vendor(String id, String perFiveSeconds) {
    return bare(id, false, false, perFiveSeconds).on("status", succeeded(new TaskRef(id, "task-" + id)));
  }

  static ScriptedProvider vendor(String id) {
    return vendor(id, "0.01");
  }

  static TaskSnapshot succeeded(TaskRef ref) {
    return TaskSnapshot.builder(ref, TaskState.SUCCEEDED).rawStatus("succeed")
        .videos(List.of(new ResultVideo(URI.create("https://cdn.example.com/" + ref.taskId() + ".mp4"),
            Duration.ofSeconds(8), null)))
        .build();
  }

  static LipSyncJob job() {
    return LipSyncJob.builder().video(VIDEO).audio(AudioSource.url("https://example.com/a.mp3")).build();
  }
}
