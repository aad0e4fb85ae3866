package dev.lipsync.benchmarks;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
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
import org.jspecify.annotations.Nullable;

/**
 * Status requests per task, and how late each finished task is noticed, on a simulated clock, through
 * the gateway against the CometAPI simulator, on two workloads.
 *
 * <p>The uniform workload: 200 tasks lasting 30 to 300 s (evenly spread), whatever their audio:
 *
 * <ul>
 *   <li>{@code defaults}: the gateway's default poll schedule (5 s, ×1.5, at most 30 s, 20 % jitter);
 *   <li>{@code fixed_1s}: the baseline, polling every second;
 *   <li>{@code callbacks}: the default schedule, and the vendor's callback delivered when the task
 *       ends, as CometAPI posts it to the job's callback URL;
 *   <li>{@code learned}: polls placed where tasks are expected to end ({@code learnDurations}), learnt
 *       from a warm-up of 200 other tasks of the same workload through the same gateway first.
 * </ul>
 *
 * <p>The clips workload: 200 tasks whose clips last 2 to 60 s (evenly at random, seeded) and which
 * take 40 s + 8 s per second of audio, ±25 % (evenly at random, seeded); each job declares its audio's
 * length, so the gateway knows the audio billed. {@code clips.defaults} polls them on the default
 * schedule; {@code clips.learned} places polls where such tasks are expected to end, learnt from a
 * warm-up of 200 other tasks of the workload (other seeds) through the same gateway and store, not
 * counted; then the same 200 tasks as {@code clips.defaults} are measured.
 *
 * <p>A task is noticed in time when its job's result is known within {@code max(2 s, 10 %)} of the
 * task's duration after it ended. {@link PollingBound} gives, for comparison, the fewest polls any
 * schedule needs to notice every one of these tasks in time (for the clips, any schedule that knows
 * each task's clip and so its shortest possible duration). The clock is moved from one scheduled
 * action to the next, each time once every HTTP call has been answered, so the figures are exact.
 */
public final class RequestsPerJob {
  static final String KEY = "sk-bench-requests";
  static final int TASKS = 200;
  static final Duration SHORTEST = Duration.ofSeconds(30);
  static final Duration LONGEST = Duration.ofSeconds(300);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);
  static final long CLIPS_SEED = 34;
  static final double CLIPS_BASE_S = 40;
  static final double CLIPS_PER_AUDIO_SECOND = 8;
  static final double CLIPS_SPREAD = 0.25;

  private RequestsPerJob() {}

  /** One way of learning that tasks ended; {@code warmUp} tasks run first, uncounted, when learning. */
  record Scenario(String name, PollSchedule schedule, boolean callbacks, boolean learn) {}

  /** One task: how long its audio lasts (null: not declared), and how long the vendor takes. */
  record Task(@Nullable Duration audio, Duration duration) {}

  /** What a scenario cost and how well it noticed. */
  record Outcome(
      double meanPolls, int maxPolls, double meanLatencySeconds, double worstLatencySeconds,
      double inTimeShare, double worstLatencyOverAllowance) {}

  /** Runs the scenarios of both workloads; no arguments. */
  public static void main(String[] args) {
    Logging.quiet();
    Scenario defaults = new Scenario("defaults", PollSchedule.defaults(), false, false);
    Scenario learned = new Scenario("learned", PollSchedule.defaults(), false, true);
    List<Scenario> scenarios = List.of(
        defaults,
        new Scenario("fixed_1s", new PollSchedule(Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 0), false, false),
        new Scenario("callbacks", PollSchedule.defaults(), true, false),
        learned);
    Results results = Results.of("requests");
    results.put("tasks", TASKS);
    List<Task> uniform = uniform();
    for (Scenario scenario : scenarios) {
      // The warm-up of the uniform workload is the same tasks again: their durations do not depend on
      // the audio, so other ones would teach the same.
      measure(results, scenario.name(), scenario, scenario.learn() ? uniform : List.of(), uniform);
    }
    results.put("bound.polls_mean", PollingBound.meanPolls(durations(), SHORTEST));
    List<Task> clips = clips(new Random(CLIPS_SEED));
    List<Task> warmUp = clips(new Random(CLIPS_SEED + 1));
    measure(results, "clips.defaults", defaults, List.of(), clips);
    measure(results, "clips.learned", learned, warmUp, clips);
    results.put("clips.bound.polls_mean", clips.stream()
        .mapToInt(task -> PollingBound.polls(task.duration(), clipsShortest(task.audio())))
        .average().orElseThrow());
    results.write();
    // The simulators' threads would keep the JVM for another minute.
    System.exit(0);
  }

  private static void measure(
      Results results, String name, Scenario scenario, List<Task> warmUp, List<Task> measured) {
    long t0 = System.nanoTime();
    Outcome outcome = run(scenario, warmUp, measured);
    System.out.printf("%s took %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    results.put(name + ".polls_mean", outcome.meanPolls());
    results.put(name + ".polls_max", outcome.maxPolls());
    results.put(name + ".latency_mean_s", outcome.meanLatencySeconds());
    results.put(name + ".latency_worst_s", outcome.worstLatencySeconds());
    results.put(name + ".in_time_share", outcome.inTimeShare());
    results.put(name + ".worst_over_allowance", outcome.worstLatencyOverAllowance());
  }

  /**
   * The clips workload: {@link #TASKS} clips of {@link AudioClip#MIN_MS} to {@link AudioClip#MAX_MS},
   * each task taking {@code (40 s + 8 × audio) × (1 ± 25 %)}, drawn from {@code random}.
   */
  static List<Task> clips(Random random) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      long audioMs = AudioClip.MIN_MS + (long) (random.nextDouble() * (AudioClip.MAX_MS - AudioClip.MIN_MS));
      double typical = CLIPS_BASE_S + CLIPS_PER_AUDIO_SECOND * audioMs / 1000.0;
      double spread = 1 + CLIPS_SPREAD * (2 * random.nextDouble() - 1);
      tasks.add(new Task(Duration.ofMillis(audioMs), Duration.ofMillis(Math.round(typical * spread * 1000))));
    }
    return tasks;
  }

  /** The shortest a task of the clips workload with {@code audio} can take. */
  static Duration clipsShortest(@Nullable Duration audio) {
    double typical = CLIPS_BASE_S + CLIPS_PER_AUDIO_SECOND * (audio == null ? 0 : audio.toMillis()) / 1000.0;
    return Duration.ofMillis((long) Math.floor(typical * (1 - CLIPS_SPREAD) * 1000));
  }

  /** The uniform workload: {@link #durations()}, the audio not declared. */
  static List<Task> uniform() {
    return durations().stream().map(d -> new Task(null, d)).toList();
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

  private static Outcome run(Scenario scenario, List<Task> warmUp, List<Task> measured) {
    ManualScheduler clock = new ManualScheduler(T0);
    OkHttpClient http = LibraryLikeClient.create();
    try (CometApiSimulator vendor = new CometApiSimulator(KEY, clock).start()) {
      LipSyncGateway gateway = LipSyncGateway.builder()
          .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
          .provider(CometApiProvider.builder().apiKey(KEY).baseUrl(vendor.baseUrl()).client(http).build())
          .scheduler(clock)
          .pollSchedule(scenario.schedule())
          .learnDurations(scenario.learn())
          .random(new Random(42)::nextDouble)
          .build();
      if (!warmUp.isEmpty()) {
        batch(scenario, "warm-up", warmUp, gateway, vendor, clock, http);
      }
      Batch batch = batch(scenario, "task", measured, gateway, vendor, clock, http);
      return outcome(batch.handles(), batch.tasks(), measured.stream().map(Task::duration).toList());
    }
  }

  /** The jobs of one batch and their simulated tasks, in the order of the workload. */
  private record Batch(List<JobHandle> handles, List<SimulatedTask> tasks) {}

  /** Starts a job for each of {@code workload}'s tasks at once, and runs the clock until all ended. */
  private static Batch batch(Scenario scenario, String prefix, List<Task> workload, LipSyncGateway gateway,
      CometApiSimulator vendor, ManualScheduler clock, OkHttpClient http) {
    List<JobHandle> handles = new ArrayList<>();
    List<SimulatedTask> tasks = new ArrayList<>();
    for (int i = 0; i < workload.size(); i++) {
      Task planned = workload.get(i);
      vendor.script(TaskScript.succeeds().after(planned.duration()));
      Dub.Builder dub = Dub.builder().audio(AudioSource.url("https://example.com/lines/" + prefix + i + ".mp3"));
      if (planned.audio() != null) {
        dub.audioLength(planned.audio());
      }
      LipSyncJob.Builder job = LipSyncJob.builder()
          .videoUrl("https://example.com/videos/" + prefix + i + ".mp4")
          .dub(dub.build());
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
        clock.schedule(planned.duration(), () -> {
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
    return new Batch(handles, tasks);
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
