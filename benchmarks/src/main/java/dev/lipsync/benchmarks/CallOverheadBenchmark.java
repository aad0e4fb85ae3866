package dev.lipsync.benchmarks;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.VendorSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The library's own cost per vendor call: raw OkHttp, the bare adapter and the gateway, all over
 * {@link CannedVendor}, CometAPI's canned JSON answered in memory.
 *
 * <ul>
 *   <li>{@code rawStatus}: the raw baseline, one status call with OkHttp alone and the answer's
 *       status word read with Moshi.
 *   <li>{@code adapterStatus} / {@code gatewayStatus}: one status call, to the adapter, and to the
 *       adapter as the gateway holds it, {@code Metered(Resilient(adapter))}.
 *   <li>{@code adapterJob} / {@code gatewayJob}: one whole job of three vendor calls (identify, submit,
 *       one status poll that finds the video). By hand on the adapter: identify, pick the first face,
 *       submit, ask the status. Through {@link LipSyncGateway#run}: routing, face resolution, the
 *       capability check, {@code Resilient} and {@code Metered} on every call, tracking, metrics and
 *       the result. The difference, divided by three, is the gateway's cost per vendor call.
 * </ul>
 *
 * <p>{@code transport=inline} runs OkHttp's calls on the benchmark thread and the gateway's poll on a
 * {@link ManualScheduler}, so the figure is CPU time alone. {@code transport=pooled} uses OkHttp's
 * thread pool and the gateway's {@link SystemScheduler}, as in production: its figures add thread
 * hand-offs, which vary more than the library's own work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallOverheadBenchmark {
  /** Polls as soon as the task is submitted, so that a job is three calls and nothing waits. */
  static final PollSchedule IMMEDIATE = new PollSchedule(Duration.ZERO, 1, Duration.ZERO, 0);

  /** {@code inline} or {@code pooled}; see the type's documentation. */
  @Param({"inline", "pooled"})
  public String transport;

  private OkHttpClient client;
  private Request statusRequest;
  private LipSyncProvider adapter;
  private LipSyncGateway gateway;
  private TaskScheduler scheduler;
  private ManualScheduler clock;
  private TaskRef ref;
  private VideoSource video;
  private Dub dub;
  private LipSyncJob job;
  private long jobs;

  /** Builds the adapter, its decorated form and a gateway over it, all on one canned vendor. */
  @Setup
  public void setUp() {
    boolean inline = transport.equals("inline");
    client = CannedVendor.finished().client(inline);
    statusRequest = new Request.Builder()
        .url(CannedVendor.BASE_URL + CannedVendor.STATUS_PATH)
        .header("Authorization", "Bearer " + CannedVendor.KEY)
        .build();
    adapter = CometApiProvider.builder()
        .apiKey(CannedVendor.KEY)
        .baseUrl(CannedVendor.BASE_URL)
        .client(client)
        .build();
    clock = new ManualScheduler();
    scheduler = inline ? clock : new SystemScheduler();
    gateway = LipSyncGateway.builder()
        .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
        .provider(adapter)
        .scheduler(scheduler)
        .meterRegistry(new SimpleMeterRegistry())
        .pollSchedule(IMMEDIATE)
        // What is timed is the library's work per call. Learnt, the canned task's end (found at the
        // first poll every time) would place each first poll where the last was found, a little later
        // each time on a real clock, and the figure would time those waits.
        .learnDurations(false)
        .build();
    ref = new TaskRef(CometApiProvider.ID, CannedVendor.TASK_ID);
    video = VideoSource.url("https://example.com/interview.mp4");
    // Its length known, as an adapter needs to send the whole audio (the gateway would probe for it).
    dub = Dub.of(AudioSource.url("https://example.com/answer.mp3")).withAudioLength(VendorSimulator.SAMPLE_AUDIO_LENGTH);
    job = LipSyncJob.builder().video(video).dub(dub).build();
  }

  /** Stops the threads of the pooled transport, which would otherwise hold the JVM for a minute. */
  @TearDown
  public void tearDown() {
    gateway.close();
    if (scheduler instanceof SystemScheduler system) {
      system.close();
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /**
   * One status call with OkHttp alone, the answer read with Moshi as an application would read it by
   * hand: the raw baseline.
   */
  @Benchmark
  public Object rawStatus() throws IOException {
    CompletableFuture<Object> status = new CompletableFuture<>();
    client.newCall(statusRequest).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (ResponseBody body = response.body()) {
          Map<String, Object> answer = RawJson.MAP.fromJson(body.source());
          status.complete(((Map<?, ?>) answer.get("data")).get("task_status"));
        } catch (IOException | RuntimeException e) {
          status.completeExceptionally(e);
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        status.completeExceptionally(e);
      }
    });
    return status.join();
  }

  /** One status call to the bare adapter. */
  @Benchmark
  public TaskSnapshot adapterStatus() {
    return adapter.status(ref).join();
  }

  /** One status call to {@code Metered(Resilient(adapter))}. */
  @Benchmark
  public TaskSnapshot gatewayStatus() {
    // The gateway's one-off status call is the decorated provider's: Metered(Resilient(adapter)).
    return gateway.status(ref).join();
  }

  /** A job by hand on the bare adapter: identify, first face, submit, one status call. */
  @Benchmark
  public TaskSnapshot adapterJob() {
    FaceSession session = adapter.identifyFaces(video).join();
    SubmitRequest request = new SubmitRequest(
        session, List.of(ResolvedDub.of(dub, session.faces().get(0))), null, job.idempotencyKey());
    TaskRef created = adapter.submit(request).join();
    return adapter.status(created).join();
  }

  /**
   * Building the job {@link #gatewayJob} runs, alone: what of that figure is the application's own
   * object rather than the gateway's work (a job needs a key of its own each time).
   */
  @Benchmark
  public LipSyncJob jobBuilt() {
    return LipSyncJob.builder().video(video).dub(dub).idempotencyKey("bench-" + ++jobs).build();
  }

  /** The same job through the gateway. */
  @Benchmark
  public LipSyncResult gatewayJob() {
    // A key of its own for each job: the gateway's store refuses a key it holds already (one key, one job).
    JobHandle handle = gateway.run(LipSyncJob.builder().video(video).dub(dub).idempotencyKey("bench-" + ++jobs).build());
    if (scheduler != clock) {
      return handle.result().join();
    }
    clock.runDue();
    LipSyncResult result = handle.result().getNow(null);
    if (result == null) {
      throw new IllegalStateException("the job did not finish inline: " + handle.state());
    }
    return result;
  }
}
