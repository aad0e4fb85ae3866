package dev.lipsync.core.gateway;

import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A vendor whose every call returns the future the test put in {@link #next}, or throws {@link
 * #thrown} if set. A callback body {@code "bad"} fails to parse.
 */
final class FakeVendor implements LipSyncProvider {
  static final String VENDOR = "kling";
  static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");
  static final FaceSession SESSION = new FaceSession(VENDOR, "session-1", VIDEO, List.of(Face.of("0")));
  static final TaskRef REF = new TaskRef(VENDOR, "task-1");
  static final TaskSnapshot RUNNING = TaskSnapshot.builder(REF, TaskState.RUNNING).build();
  static final SubmitRequest REQUEST =
      new SubmitRequest(
          SESSION,
          List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/audio.mp3")), Face.of("0"))),
          null,
          "key-1");

  CompletableFuture<?> next = new CompletableFuture<>();
  @Nullable RuntimeException thrown;
  int calls;

  @Override
  public String id() {
    return VENDOR;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder()
        .mode(Capabilities.Mode.builder("audio").videos(VideoKind.URL).audio(AudioKind.URL).build())
        .build();
  }

  @Override
  public Pricing pricing() {
    return Pricing.unknown();
  }

  @Override
  public CompletableFuture<FaceSession> identifyFaces(VideoSource video) {
    return answer();
  }

  @Override
  public CompletableFuture<TaskRef> submit(SubmitRequest request) {
    return answer();
  }

  @Override
  public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
    return answer();
  }

  @Override
  public TaskSnapshot parseCallback(String body) {
    if (body.equals("bad")) {
      throw new ProtocolException(VENDOR, "not a callback");
    }
    return RUNNING;
  }

  @Override
  public CompletableFuture<Optional<TaskRef>> findByIdempotencyKey(String idempotencyKey) {
    return answer();
  }

  @Override
  public CompletableFuture<Void> cancel(TaskRef ref) {
    return answer();
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> answer() {
    calls++;
    if (thrown != null) {
      throw thrown;
    }
    return (CompletableFuture<T>) next;
  }
}
