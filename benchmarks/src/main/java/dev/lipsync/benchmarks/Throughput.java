package dev.lipsync.benchmarks;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.testkit.NoDelaySockets;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.VendorSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import retrofit2.http.GET;
import retrofit2.http.Path;

/**
 * Status polls per second against one loopback server answering CometAPI's "still running" JSON, the
 * same number of polls always in flight:
 *
 * <ul>
 *   <li>{@code raw}: OkHttp alone, each answer's status word read with Moshi (as an application
 *       reads it by hand) and the next GET sent;
 *   <li>{@code retrofit}: Retrofit and Moshi alone, as an adapter must use them (an interface, the
 *       answer read into classes by Moshi's converter), with nothing of the library: the floor under
 *       the adapter, measured;
 *   <li>{@code adapter}: the bare adapter's {@code status}, each answer mapped and the next call made;
 *   <li>{@code gateway}: tasks taken up with {@link LipSyncGateway#resume} and polled by the gateway
 *       itself, on a schedule with no delay: its scheduler thread, tracking, metrics, {@code Metered},
 *       {@code Resilient} and the adapter.
 * </ul>
 *
 * <p>Each variant has its own OkHttp client, configured as the library's shared one ({@link
 * LibraryLikeClient}: at most 256 calls, 64 per host, a pool keeping 64 idle connections). All are
 * warmed up in alternating rounds (four of 2.5 s each: on two cores the JIT needs about 9 s to settle
 * the whole stack; after a single 5 s warm-up each, the second and third measured rounds were still
 * faster than the first), then measured in alternating rounds, and the median round is kept; the
 * server's request
 * count is the measure, the same for all.
 */
public final class Throughput {
  static final int CONCURRENCY = 32;
  private static final Duration WARM_UP = Duration.ofMillis(2500);
  private static final int WARM_UP_ROUNDS = 4;
  private static final Duration ROUND = Duration.ofSeconds(2);
  private static final int ROUNDS = 5;

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Throughput() {}

  /** A load that keeps {@link #CONCURRENCY} polls in flight until stopped. */
  private interface Load {
    void start();

    void stop();
  }

  /** Runs the variants, or only those named as arguments ({@code raw retrofit adapter decorated gateway}). */
  public static void main(String[] args) throws Exception {
    Logging.quiet();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse.Builder()
              .setHeader("Content-Type", "application/json")
              .body(CannedVendor.RUNNING_JSON)
              .build();
        }
      });
      server.setServerSocketFactory(new NoDelaySockets());
      server.start(InetAddress.getLoopbackAddress(), 0);
      String baseUrl = server.url("/").toString();

      SystemScheduler scheduler = new SystemScheduler();
      Map<String, Load> loads = new LinkedHashMap<>();
      loads.put("raw", new RawLoad(LibraryLikeClient.create(), baseUrl));
      loads.put("retrofit", new RetrofitLoad(LibraryLikeClient.create(), baseUrl));
      loads.put("adapter", new AdapterLoad(provider(baseUrl)::status));
      // The gateway's one-off status call runs through the decorators alone: Metered(Resilient(adapter)).
      LipSyncGateway decorated = LipSyncGateway.builder()
          .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
          .provider(provider(baseUrl))
          .scheduler(scheduler)
          .meterRegistry(new SimpleMeterRegistry())
          .build();
      loads.put("decorated", new AdapterLoad(decorated::status));
      loads.put("gateway", new GatewayLoad(provider(baseUrl)));
      if (args.length > 0) {
        loads.keySet().retainAll(List.of(args));
      }

      for (int round = 0; round < WARM_UP_ROUNDS; round++) {
        for (Load load : loads.values()) {
          measure(server, load, WARM_UP);
        }
      }
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      Map<String, List<Double>> cpu = new LinkedHashMap<>();
      for (int round = 0; round < ROUNDS; round++) {
        for (Map.Entry<String, Load> load : loads.entrySet()) {
          Round measured = measure(server, load.getValue(), ROUND);
          rates.computeIfAbsent(load.getKey(), k -> new ArrayList<>()).add(measured.pollsPerSecond());
          cpu.computeIfAbsent(load.getKey(), k -> new ArrayList<>()).add(measured.cpuMicrosPerPoll());
          System.out.printf("round %d %-16s %,.0f polls/s, %.0f µs of CPU per poll%n",
              round + 1, load.getKey(), measured.pollsPerSecond(), measured.cpuMicrosPerPoll());
        }
      }
      Results results = Results.of("throughput");
      results.put("concurrency", CONCURRENCY);
      rates.forEach((variant, values) -> results.put(variant + ".per_s", median(values)));
      cpu.forEach((variant, values) -> results.put(variant + ".cpu_us_per_poll", median(values)));
      results.write();
    }
    // MockWebServer's threads would keep the JVM for another minute.
    System.exit(0);
  }

  /** What one round measured. */
  private record Round(double pollsPerSecond, double cpuMicrosPerPoll) {}

  /**
   * Polls per second the server saw while {@code load} ran for {@code time}, and the CPU time this
   * process (client and server alike) spent per poll meanwhile.
   */
  private static Round measure(MockWebServer server, Load load, Duration time) throws InterruptedException {
    load.start();
    // Let every poll get under way before counting.
    Thread.sleep(200);
    long before = server.getRequestCount();
    long cpuBefore = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    long end = start + time.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(50);
      drain(server);
    }
    long counted = server.getRequestCount() - before;
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMicros = (CPU.getProcessCpuTime() - cpuBefore) / 1e3;
    load.stop();
    Thread.sleep(200);
    drain(server);
    return new Round(counted / seconds, cpuMicros / counted);
  }

  /** MockWebServer keeps every request for {@code takeRequest}; nobody asks, so they go. */
  private static void drain(MockWebServer server) throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // dropped
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static LipSyncProvider provider(String baseUrl) {
    return CometApiProvider.builder()
        .apiKey(CannedVendor.KEY)
        .baseUrl(baseUrl)
        .client(LibraryLikeClient.create())
        .build();
  }

  private static String taskId(int i) {
    return String.valueOf(860_000 + i);
  }

  /** OkHttp alone: GET, read the status word, GET again. */
  private static final class RawLoad implements Load {
    private final OkHttpClient client;
    private final String baseUrl;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;

    RawLoad(OkHttpClient client, String baseUrl) {
      this.client = client;
      this.baseUrl = baseUrl;
    }

    @Override
    public void start() {
      running = true;
      for (int i = 0; i < CONCURRENCY; i++) {
        poll(new Request.Builder()
            .url(baseUrl + "kling/v1/videos/advanced-lip-sync/" + taskId(i))
            .header("Authorization", "Bearer " + CannedVendor.KEY)
            .build());
      }
    }

    private void poll(Request request) {
      if (!running) {
        return;
      }
      client.newCall(request).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) {
          try (ResponseBody body = response.body()) {
            ((Map<?, ?>) RawJson.MAP.fromJson(body.source()).get("data")).get("task_status");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          poll(request);
        }

        @Override
        public void onFailure(Call call, IOException e) {
          failures.incrementAndGet();
          poll(request);
        }
      });
    }

    @Override
    public void stop() {
      running = false;
      if (failures.get() > 0) {
        System.out.println("raw: " + failures.get() + " failed calls");
      }
    }
  }

  /** CometAPI's status answer as an adapter's wire classes read it: Moshi fills the fields it names. */
  static final class StatusAnswer {
    Integer code;
    String message;
    String request_id;
    Task data;

    static final class Task {
      String task_id;
      String task_status;
      Long created_at;
      Long updated_at;
    }
  }

  /** The status call as a Retrofit interface declares it. */
  interface StatusApi {
    @GET("kling/v1/videos/advanced-lip-sync/{id}")
    retrofit2.Call<StatusAnswer> status(@Path("id") String taskId);
  }

  /** Retrofit and Moshi alone: an interface's call, its answer read into classes, the next call made. */
  private static final class RetrofitLoad implements Load {
    private final StatusApi api;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;

    RetrofitLoad(OkHttpClient client, String baseUrl) {
      OkHttpClient authorized = client.newBuilder()
          .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
              .header("Authorization", "Bearer " + CannedVendor.KEY)
              .build()))
          .build();
      this.api = new Retrofit.Builder()
          .baseUrl(baseUrl)
          .client(authorized)
          .addConverterFactory(MoshiConverterFactory.create())
          .build()
          .create(StatusApi.class);
    }

    @Override
    public void start() {
      running = true;
      for (int i = 0; i < CONCURRENCY; i++) {
        poll(taskId(i));
      }
    }

    private void poll(String taskId) {
      if (!running) {
        return;
      }
      api.status(taskId).enqueue(new retrofit2.Callback<>() {
        @Override
        public void onResponse(retrofit2.Call<StatusAnswer> call, retrofit2.Response<StatusAnswer> response) {
          if (!response.isSuccessful() || response.body().data.task_status == null) {
            failures.incrementAndGet();
          }
          poll(taskId);
        }

        @Override
        public void onFailure(retrofit2.Call<StatusAnswer> call, Throwable t) {
          failures.incrementAndGet();
          poll(taskId);
        }
      });
    }

    @Override
    public void stop() {
      running = false;
      if (failures.get() > 0) {
        System.out.println("retrofit: " + failures.get() + " failed calls");
      }
    }
  }

  /** The bare adapter: status, then status again. */
  private static final class AdapterLoad implements Load {
    private final Function<TaskRef, CompletableFuture<TaskSnapshot>> status;
    private volatile boolean running;

    AdapterLoad(Function<TaskRef, CompletableFuture<TaskSnapshot>> status) {
      this.status = status;
    }

    @Override
    public void start() {
      running = true;
      for (int i = 0; i < CONCURRENCY; i++) {
        poll(new TaskRef(CometApiProvider.ID, taskId(i)));
      }
    }

    private void poll(TaskRef ref) {
      if (running) {
        status.apply(ref).whenComplete((snapshot, error) -> poll(ref));
      }
    }

    @Override
    public void stop() {
      running = false;
    }
  }

  /** The gateway polling tasks it took up, with no delay between polls. */
  private static final class GatewayLoad implements Load {
    private final LipSyncGateway gateway;
    private final List<JobHandle> handles = new ArrayList<>();

    GatewayLoad(LipSyncProvider provider) {
      this.gateway = LipSyncGateway.builder()
          .provider(provider)
          .pollSchedule(CallOverheadBenchmark.IMMEDIATE)
          .build();
    }

    @Override
    public void start() {
      for (int i = 0; i < CONCURRENCY; i++) {
        handles.add(gateway.resume(new TaskRef(CometApiProvider.ID, taskId(i))));
      }
    }

    @Override
    public void stop() {
      handles.forEach(JobHandle::cancel);
      handles.clear();
    }
  }
}
