package dev.lipsync.core.fakes;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A vendor that answers from a script, one entry per call and operation: a value completes the future,
 * an exception fails it, and a {@link CompletableFuture} is returned as it is (so a test can leave it
 * pending). The last entry repeats once the script runs out. Counts the calls per operation. Shared
 * by the tests of every package that needs a vendor without HTTP.
 */
public final class ScriptedProvider implements LipSyncProvider {
  public static final String VENDOR = "kling";
  public static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");
  public static final FaceSession SESSION = new FaceSession(VENDOR, "session-1", VIDEO, List.of(Face.of("0")));
  public static final TaskRef REF = new TaskRef(VENDOR, "task-1");
  public static final TaskSnapshot RUNNING = TaskSnapshot.builder(REF, TaskState.RUNNING).build();
  public static final SubmitRequest REQUEST =
      new SubmitRequest(
          SESSION,
          List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/audio.mp3")), Face.of("0"))),
          null,
          "key-1");
  public static final Capabilities CAPABILITIES =
      Capabilities.builder()
          .mode(Capabilities.Mode.builder("audio").videos(VideoKind.URL).audio(AudioKind.URL).build())
          .build();
  public static final Pricing PRICING = Pricing.of("0.05", "0.35");

  private final String id;
  private final Capabilities capabilities;
  private final Pricing pricing;
  private final Map<String, Deque<Object>> scripts = new HashMap<>();
  private final Map<String, Object> lastAnswers = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<SubmitRequest> submitted = new ArrayList<>();
  private final List<AudioSource.Speech> spoken = new ArrayList<>();

  /** The vendor {@value #VENDOR} with one URL-only mode and the price {@link #PRICING}. */
  public ScriptedProvider() {
    this(VENDOR, CAPABILITIES, PRICING);
  }

  /** A vendor of another id, capabilities and price. */
  public ScriptedProvider(String id, Capabilities capabilities, Pricing pricing) {
    this.id = id;
    this.capabilities = capabilities;
    this.pricing = pricing;
  }

  /** Adds answers for the next calls of {@code operation}: identify, submit, status, lookup, cancel, callback
   * (what a callback body parses to; {@link #RUNNING} unless scripted). */
  public synchronized ScriptedProvider on(String operation, Object... answers) {
    Deque<Object> script = scripts.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (Object answer : answers) {
      script.add(answer);
    }
    return this;
  }

  public synchronized int calls(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  /** Every request {@link #submit} received, in order. */
  public synchronized List<SubmitRequest> submitted() {
    return List.copyOf(submitted);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public Pricing pricing() {
    return pricing;
  }

  @Override
  public CompletableFuture<FaceSession> identifyFaces(VideoSource video) {
    return answer("identify");
  }

  @Override
  public CompletableFuture<TaskRef> submit(SubmitRequest request) {
    synchronized (this) {
      submitted.add(request);
    }
    return answer("submit");
  }

  @Override
  public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
    return answer("status");
  }

  @Override
  public synchronized TaskSnapshot parseCallback(String body) {
    if (!scripts.containsKey("callback")) {
      calls.merge("callback", 1, Integer::sum);
      return RUNNING;
    }
    return this.<TaskSnapshot>answer("callback").join();
  }

  @Override
  public CompletableFuture<Optional<TaskRef>> findByIdempotencyKey(String idempotencyKey) {
    return answer("lookup");
  }

  @Override
  public CompletableFuture<SpokenAudio> speak(AudioSource.Speech speech) {
    synchronized (this) {
      spoken.add(speech);
    }
    return answer("speak");
  }

  /** The texts given to {@link #speak}, in order. */
  public synchronized List<AudioSource.Speech> spoken() {
    return List.copyOf(spoken);
  }

  @Override
  public CompletableFuture<Void> cancel(TaskRef ref) {
    return answer("cancel");
  }

  @SuppressWarnings("unchecked")
  private synchronized <T> CompletableFuture<T> answer(String operation) {
    int call = calls.merge(operation, 1, Integer::sum);
    Deque<Object> script = scripts.getOrDefault(operation, new ArrayDeque<>());
    Object answer = script.isEmpty() ? lastAnswers.get(operation) : script.poll();
    if (answer == null) {
      throw new IllegalStateException("no answer scripted for " + operation + " call " + call);
    }
    lastAnswers.put(operation, answer);
    if (answer instanceof CompletableFuture<?> future) {
      return (CompletableFuture<T>) future;
    }
    if (answer instanceof Throwable failure) {
      return CompletableFuture.failedFuture(failure);
    }
    return CompletableFuture.completedFuture((T) answer);
  }
}
