package dev.lipsync.benchmarks;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * What a dead vendor costs: the first vendor (CometAPI) at a loopback port where nothing listens, so
 * every connection is refused, and the second (alad) on its simulator. A job's wall-clock time minus
 * the same job's on a gateway with the second vendor alone: for the first job of fresh gateways (the
 * circuit closed), then, in pairs run back to back, once the first vendor's circuit is open.
 *
 * <p>Each setting is tried on fresh gateways: the defaults (3 attempts, backoff from 1 s), no retry
 * ({@code maxAttempts(1)}), and a short backoff ({@code firstBackoff(10 ms)}). Jobs poll at once and
 * their task ends on the first poll, so a job is three calls and the figure is the library's work.
 * Times are real: the gateways run on their own {@link SystemScheduler}.
 */
public final class Failover {
  static final String KEY = "sk-bench-failover";
  private static final int TIMED_JOBS = 30;

  private Failover() {}

  /** Milliseconds added to the first job, jobs until the circuit opened, and added to each job after. */
  private record Trial(double firstAddedMs, int jobsToOpen, List<Double> openAddedMs) {}

  /** Runs the trials; no arguments. */
  public static void main(String[] args) {
    Logging.quiet();
    // One client for every gateway, as the library shares one: connections to the simulator stay warm.
    OkHttpClient http = LibraryLikeClient.create();
    String refusing = "http://127.0.0.1:" + closedPort();
    try (SystemScheduler clock = new SystemScheduler();
        AladSimulator alad = new AladSimulator(KEY, clock).start()) {
      alad.faces(List.of(SimFace.defaults().get(0)));
      alad.script(TaskScript.succeeds().afterPolls(1));

      Results results = Results.of("failover");
      double baseline;
      try (LipSyncGateway healthyOnly = LipSyncGateway.builder()
          .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
          .provider(healthy(http, alad))
          .pollSchedule(CallOverheadBenchmark.IMMEDIATE)
          .build()) {
        timeJobs(healthyOnly, 100);
        baseline = median(timeJobs(healthyOnly, TIMED_JOBS));
      }
      results.put("baseline_ms", baseline);

      Map<String, ResilienceSettings> variants = new LinkedHashMap<>();
      variants.put("defaults", ResilienceSettings.defaults());
      variants.put("no_retry", ResilienceSettings.builder().maxAttempts(1).build());
      variants.put("backoff_10ms", ResilienceSettings.builder().firstBackoff(Duration.ofMillis(10)).build());
      // Loads the failure path's classes, so that the first trial measured is not the JVM's first.
      trial(http, refusing, alad, variants.get("no_retry"));
      for (Map.Entry<String, ResilienceSettings> variant : variants.entrySet()) {
        int trials = variant.getKey().equals("defaults") ? 2 : 5;
        List<Double> first = new ArrayList<>();
        List<Double> open = new ArrayList<>();
        int jobsToOpen = 0;
        for (int i = 0; i < trials; i++) {
          Trial trial = trial(http, refusing, alad, variant.getValue());
          first.add(trial.firstAddedMs());
          open.addAll(trial.openAddedMs());
          jobsToOpen = trial.jobsToOpen();
        }
        results.put(variant.getKey() + ".first_added_ms", median(first));
        results.put(variant.getKey() + ".open_added_ms", median(open));
        results.put(variant.getKey() + ".jobs_to_open", jobsToOpen);
      }
      results.write();
    }
    // The simulator's threads would keep the JVM for another minute.
    System.exit(0);
  }

  /**
   * One fresh gateway with the refusing vendor first, beside one fresh gateway with the healthy vendor
   * alone: their first jobs, then pairs of jobs once the refusing vendor's circuit is open, each pair
   * run back to back so that the machine's drift cancels out of the difference.
   */
  private static Trial trial(OkHttpClient http, String refusing, AladSimulator alad, ResilienceSettings settings) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LipSyncGateway healthyOnly = LipSyncGateway.builder()
            .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
            .provider(healthy(http, alad))
            .resilience(settings)
            .pollSchedule(CallOverheadBenchmark.IMMEDIATE)
            .build();
        LipSyncGateway gateway = LipSyncGateway.builder()
            .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
            .provider(CometApiProvider.builder().apiKey(KEY).baseUrl(refusing).client(http).build())
            .provider(healthy(http, alad))
            .resilience(settings)
            .meterRegistry(registry)
            .pollSchedule(CallOverheadBenchmark.IMMEDIATE)
            .build()) {
      double firstAdded = -timeJob(healthyOnly) + timeJob(gateway);
      int jobs = 1;
      while (!circuitOpen(registry)) {
        if (jobs == 20) {
          throw new IllegalStateException("the refusing vendor's circuit is still closed after 20 jobs");
        }
        timeJob(gateway);
        jobs++;
      }
      List<Double> openAdded = new ArrayList<>();
      for (int i = 0; i < TIMED_JOBS; i++) {
        openAdded.add(-timeJob(healthyOnly) + timeJob(gateway));
      }
      return new Trial(firstAdded, jobs, openAdded);
    }
  }

  private static AladProvider healthy(OkHttpClient http, AladSimulator alad) {
    return AladProvider.builder().apiKey(KEY).baseUrl(alad.baseUrl()).client(http).build();
  }

  private static boolean circuitOpen(SimpleMeterRegistry registry) {
    Gauge state = registry.find("lipsync.circuit.state").tag("vendor", CometApiProvider.ID).gauge();
    return state != null && state.value() == 2;
  }

  private static List<Double> timeJobs(LipSyncGateway gateway, int jobs) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      times.add(timeJob(gateway));
    }
    return times;
  }

  /** One job's wall-clock time, in milliseconds; it must end at the healthy vendor. */
  private static double timeJob(LipSyncGateway gateway) {
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/videos/interview.mp4")
        .audio(AudioSource.url("https://example.com/lines/answer.mp3"))
        .build();
    long start = System.nanoTime();
    LipSyncResult result = gateway.run(job).result().join();
    double ms = (System.nanoTime() - start) / 1e6;
    if (!result.vendor().equals(AladProvider.ID)) {
      throw new IllegalStateException("the job ended at " + result.vendor());
    }
    return ms;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** A loopback port nothing listens on: bound, then let go. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
