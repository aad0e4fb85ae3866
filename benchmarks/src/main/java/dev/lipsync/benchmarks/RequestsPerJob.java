package dev.lipsync.benchmarks;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okhttp3.OkHttpClient;

/**
 * Status requests per task, and how late each finished task is noticed, for tasks lasting 30 to 300 s
 * (evenly spread) on a simulated clock, through the gateway against the CometAPI simulator:
 *
 * <ul>
 *   <li>{@code defaults}: the gateway's default poll schedule (5 s, ×1.5, at most 30 s, 20 % jitter);
 *   <li>{@code fixed_1s}: the baseline, polling every second;
 *   <li>{@code callbacks}: the default schedule, and the vendor's callback delivered when the task
 *       ends, as CometAPI posts it to the job's callback URL.
 * </ul>
 *
 * <p>A task is noticed in time when its job's result is known within {@code max(2 s, 10 %)} of the
 * task's duration after it ended. {@link PollingBound} gives, for comparison, the fewest polls any
 * schedule needs to notice every one of these tasks in time. The clock is moved from one scheduled
 * action to the next, each time once every HTTP call has been answered, so the figures are exact.
 */
public final class RequestsPerJob {
  static final String KEY = "sk-bench-requests";
  static final int TASKS = 200;
  static final Duration SHORTEST = Duration.ofSeconds(30);
  static final Duration LONGEST = Duration.ofSeconds(300);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);

  private RequestsPerJob() {}

  /** One way of learning that tasks ended. */
  record Scenario(String name, PollSchedule schedule, boolean callbacks) {}

  /** What a scenario cost and how well it noticed. */
  record Outcome(
      double meanPolls, int maxPolls, double meanLatencySeconds, double worstLatencySeconds,
      double inTimeShare, double worstLatencyOverAllowance) {}

  /** Runs the three scenarios; no arguments. */
  public static void main(String[] args) {
    Logging.quiet();
    List<Scenario> scenarios = List.of(
        new Scenario("defaults", PollSchedule.defaults(), false),
        new Scenario("fixed_1s", new PollSchedule(Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 0), false),
        new Scenario("callbacks", PollSchedule.defaults(), true));
    Results results = Results.of("requests");
    results.put("tasks", TASKS);
    for (Scenario scenario : scenarios) {
      long t0 = System.nanoTime();
      Outcome outcome = run(scenario);
      System.out.printf("%s took %.1f s%n", scenario.name(), (System.nanoTime() - t0) / 1e9);
      String name = scenario.name();
      results.put(name + ".polls_mean", outcome.meanPolls());
      results.put(name + ".polls_max", outcome.maxPolls());
      results.put(name + ".latency_mean_s", outcome.meanLatencySeconds());
      results.put(name + ".latency_worst_s", outcome.worstLatencySeconds());
      results.put(name + ".in_time_share", outcome.inTimeShare());
      results.put(name + ".worst_over_allowance", outcome.worstLatencyOverAllowance());
    }
    results.put("bound.polls_mean", PollingBound.meanPolls(durations(), SHORTEST));
    results.write();
    // The simulators' threads would keep the JVM for another minute.
    System.exit(0);
  }

  /** The tasks' durations, evenly spread from {@link #SHORTEST} to {@link #LONGEST}. */
  static List<Duration> durations() {
    List<Duration> durations = new ArrayList<>();
    long span = LONGEST.minus(SHORTEST).toMillis();
    for (int i = 0; i < TASKS; i++) {
      durations.add(SHORTEST.plusMillis(span * i / (TASKS - 1)));
    }
    return durations;
  }

  private static Outcome run(Scenario scenario) {
    ManualScheduler clock = new ManualScheduler(T0);
    OkHttpClient http = LibraryLikeClient.create();
    List<Duration> durations = durations();
    try (CometApiSimulator vendor = new CometApiSimulator(KEY, clock).start()) {
      LipSyncGateway gateway = LipSyncGateway.builder()
          .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
          .provider(CometApiProvider.builder().apiKey(KEY).baseUrl(vendor.baseUrl()).client(http).build())
          .scheduler(clock)
          .pollSchedule(scenario.schedule())
          .random(new Random(42)::nextDouble)
          .build();
      List<JobHandle> handles = new ArrayList<>();
      List<SimulatedTask> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        Duration duration = durations.get(i);
        vendor.script(TaskScript.succeeds().after(duration));
        LipSyncJob.Builder job = LipSyncJob.builder()
            .videoUrl("https://example.com/videos/" + i + ".mp4")
            .audio(AudioSource.url("https://example.com/lines/" + i + ".mp3"));
        if (scenario.callbacks()) {
          job.callbackUrl("https://app.example.com/lipsync/callbacks");
        }
        JobHandle handle = gateway.run(job.build());
        HttpIdle.await(http.dispatcher(), IDLE_TIMEOUT);
        String taskId = handle.taskRef().orElseThrow(
            () -> new IllegalStateException("job " + handle.state() + " has no task")).taskId();
        SimulatedTask task = vendor.task(taskId);
        handles.add(handle);
        tasks.add(task);
        if (scenario.callbacks()) {
          clock.schedule(duration, () -> {
            task.finish(true);
            gateway.onCallback(CometApiProvider.ID, vendor.callbackBody(taskId));
          });
        }
      }
      while (handles.stream().anyMatch(h -> !h.result().isDone())) {
        List<Duration> pending = clock.pendingDelays();
        if (pending.isEmpty()) {
          throw new IllegalStateException("jobs are unfinished and nothing is scheduled");
        }
        clock.advance(pending.get(0));
        HttpIdle.await(http.dispatcher(), IDLE_TIMEOUT);
      }
      return outcome(handles, tasks, durations);
    }
  }

  private static Outcome outcome(List<JobHandle> handles, List<SimulatedTask> tasks, List<Duration> durations) {
    double polls = 0;
    int maxPolls = 0;
    double latencies = 0;
    double worstLatency = 0;
    double worstShare = 0;
    int inTime = 0;
    for (int i = 0; i < handles.size(); i++) {
      LipSyncResult result = handles.get(i).result().join();
      SimulatedTask task = tasks.get(i);
      Duration duration = durations.get(i);
      Duration latency = Duration.between(task.createdAt().plus(duration), result.finishedAt());
      Duration allowance = PollingBound.allowance(duration);
      polls += task.polls();
      maxPolls = Math.max(maxPolls, task.polls());
      double seconds = latency.toMillis() / 1000.0;
      latencies += seconds;
      worstLatency = Math.max(worstLatency, seconds);
      worstShare = Math.max(worstShare, latency.toMillis() / (double) allowance.toMillis());
      if (latency.compareTo(allowance) <= 0) {
        inTime++;
      }
    }
    int n = handles.size();
    return new Outcome(polls / n, maxPolls, latencies / n, worstLatency, inTime / (double) n, worstShare);
  }
}
