package dev.lipsync.benchmarks;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.JobState;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.RoutingStrategy;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Many jobs in flight at once, against the vendor simulators on loopback: the threads the library and
 * its HTTP client hold, and the heap each job retains while its task runs.
 *
 * <p>Usage: {@code JobsInFlight gateway|raw <jobs>}. {@code gateway} runs the jobs through a gateway
 * over the three simulators (spread by weighted random routing); {@code raw} is the baseline, a
 * hand-written CometAPI client on OkHttp that identifies, submits and polls on the same schedule. The
 * tasks never end. Time is a {@link ManualScheduler}, moved a second at a time once every HTTP call
 * has been answered, so 40 simulated seconds (four polls of every task) take a few real ones; the
 * production {@code SystemScheduler} would add exactly one thread ({@code lipsync-scheduler-N}).
 *
 * <p>Heap: the bytes of live objects (a class histogram, taken after a full collection) with every job
 * in flight, minus the same once the jobs are cancelled and forgotten, divided by the jobs. The
 * simulators' own memory (their recorded requests, tasks and sessions) is in both and so cancels out;
 * the histogram also says what the difference is made of. The heap's used bytes are recorded beside
 * it as a cross-check.
 */
public final class JobsInFlight {
  static final String KEY = "sk-bench-in-flight";
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration POLLED_FOR = Duration.ofSeconds(40);

  private JobsInFlight() {}

  /** What runs the jobs: the gateway, or the raw baseline. */
  interface Client {
    /** Starts {@code jobs} jobs; returns once every one has a task being polled. */
    void start(int jobs);

    /** Stops every job and forgets it. */
    void stop();

    /** Status requests the simulators received. */
    int statusCalls();
  }

  /** Runs one client with the given number of jobs. */
  public static void main(String[] args) {
    if (args.length != 2 || !(args[0].equals("gateway") || args[0].equals("raw"))) {
      throw new IllegalArgumentException("usage: JobsInFlight gateway|raw <jobs>");
    }
    String which = args[0];
    int jobs = Integer.parseInt(args[1]);
    Logging.quiet();
    ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    // As the library's shared client: its dispatcher is the bound on the HTTP client's threads.
    OkHttpClient http = LibraryLikeClient.create();

    try (CometApiSimulator cometapi = new CometApiSimulator(KEY, clock).start();
        ApiModelsSimulator apimodels = new ApiModelsSimulator(KEY, clock).start();
        AladSimulator alad = new AladSimulator(KEY, clock).start();
        Threads.PeakSampler sampler = new Threads.PeakSampler()) {
      List<VendorSimulator> simulators = List.of(cometapi, apimodels, alad);
      for (VendorSimulator simulator : simulators) {
        // One person on screen, so that every vendor, alad included, takes every job.
        simulator.faces(List.of(SimFace.defaults().get(0)));
        simulator.script(TaskScript.neverEnds());
      }
      apimodels.identifyScript(TaskScript.succeeds().afterPolls(1));
      Client client = which.equals("raw")
          ? new RawCometApiClient(http, cometapi.baseUrl(), KEY, clock)
          : new GatewayClient(http, clock, cometapi, apimodels, alad);

      sampler.reset();
      long started = System.nanoTime();
      client.start(jobs);
      HttpIdle.await(http.dispatcher(), IDLE_TIMEOUT);
      double startSeconds = (System.nanoTime() - started) / 1e9;
      Map<Threads.Owner, Integer> starting = sampler.peak();

      sampler.reset();
      for (long s = 0; s < POLLED_FOR.toSeconds(); s++) {
        clock.advance(Duration.ofSeconds(1));
        HttpIdle.await(http.dispatcher(), IDLE_TIMEOUT);
      }
      Map<Threads.Owner, Integer> polling = sampler.peak();
      int statusCalls = client.statusCalls();

      Heap.Snapshot with = Heap.take();
      client.stop();
      HttpIdle.await(http.dispatcher(), IDLE_TIMEOUT);
      Heap.Snapshot without = Heap.take();
      double perJob = (with.objectBytes() - without.objectBytes()) / (double) jobs;
      double usedPerJob = (with.usedBytes() - without.usedBytes()) / (double) jobs;

      String prefix = which + "." + jobs + ".";
      Results results = Results.of("jobs-" + which + "-" + jobs);
      results.put(prefix + "start_s", startSeconds);
      results.put(prefix + "status_calls", statusCalls);
      results.put(prefix + "threads.start", Threads.librarys(starting));
      results.put(prefix + "threads.polling", Threads.librarys(polling));
      results.put(prefix + "threads.polling.detail", describe(polling));
      results.put(prefix + "threads.start.detail", describe(starting));
      results.put(prefix + "heap_per_job", perJob);
      results.put(prefix + "heap_per_job.used", usedPerJob);
      StringBuilder breakdown = new StringBuilder();
      for (Heap.Growth growth : Heap.growth(without, with, jobs, 12)) {
        breakdown.append(String.format(Locale.ROOT, "%s %.1fx %.0fB; ",
            growth.className(), growth.instancesPerJob(), growth.bytesPerJob()));
      }
      results.put(prefix + "heap_per_job.detail", breakdown.toString());
      results.write();
    }
    // The simulators' threads would keep the JVM for another minute.
    System.exit(0);
  }

  private static String describe(Map<Threads.Owner, Integer> census) {
    Map<Threads.Owner, Integer> sorted = new EnumMap<>(census);
    return sorted.entrySet().stream()
        .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /** The gateway over the three simulators, jobs spread between them. */
  private static final class GatewayClient implements Client {
    private final ManualScheduler clock;
    private final Dispatcher dispatcher;
    private final List<VendorSimulator> simulators;
    private final LipSyncGateway gateway;
    private List<JobHandle> handles = new ArrayList<>();

    GatewayClient(OkHttpClient http, ManualScheduler clock, CometApiSimulator cometapi,
        ApiModelsSimulator apimodels, AladSimulator alad) {
      this.clock = clock;
      this.dispatcher = http.dispatcher();
      this.simulators = List.of(cometapi, apimodels, alad);
      this.gateway = LipSyncGateway.builder()
          .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
          .provider(CometApiProvider.builder().apiKey(KEY).baseUrl(cometapi.baseUrl()).client(http).build())
          .provider(ApiModelsProvider.builder().apiKey(KEY).baseUrl(apimodels.baseUrl()).client(http)
              .scheduler(clock)
              .identifyPollSchedule(new PollSchedule(Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 0))
              .build())
          .provider(AladProvider.builder().apiKey(KEY).baseUrl(alad.baseUrl()).client(http).build())
          .strategy(RoutingStrategy.WEIGHTED_RANDOM)
          .random(new Random(42)::nextDouble)
          .scheduler(clock)
          .build();
    }

    @Override
    public void start(int jobs) {
      for (int i = 0; i < jobs; i++) {
        handles.add(gateway.run(LipSyncJob.builder()
            .videoUrl("https://example.com/videos/" + i + ".mp4")
            .audio(AudioSource.url("https://example.com/lines/" + i + ".mp3"))
            .build()));
      }
      HttpIdle.await(dispatcher, IDLE_TIMEOUT);
      // apimodels runs identification as a task, polled a second later.
      clock.advance(Duration.ofSeconds(1));
      HttpIdle.await(dispatcher, IDLE_TIMEOUT);
      Map<JobState, Long> states = handles.stream()
          .collect(Collectors.groupingBy(JobHandle::state, Collectors.counting()));
      if (states.getOrDefault(JobState.RUNNING, 0L) != jobs) {
        throw new IllegalStateException("not every job is running: " + states);
      }
    }

    @Override
    public void stop() {
      handles.forEach(JobHandle::cancel);
      handles = new ArrayList<>();
    }

    @Override
    public int statusCalls() {
      return simulators.stream().mapToInt(s -> s.count(Endpoint.STATUS)).sum();
    }
  }
}
