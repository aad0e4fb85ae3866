package dev.lipsync.benchmarks;

import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.testkit.VendorSimulator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The raw baseline for jobs in flight: what an application keeps per job when it calls CometAPI with
 * OkHttp and Moshi by hand. Identify, submit, then poll on the gateway's default schedule (5 s, ×1.5,
 * at most 30 s, 20 % jitter) on the same scheduler, keeping per job only its task id, its pending
 * poll and the future of its result. No retries, no failover, no metrics.
 */
final class RawCometApiClient implements JobsInFlight.Client {
  private static final MediaType JSON = MediaType.get("application/json");
  /** The length of every job's audio, in ms: the simulators' sample, as the gateway measures it. */
  private static final long CLIP_MS = VendorSimulator.SAMPLE_AUDIO_LENGTH.toMillis();

  private final OkHttpClient http;
  private final String baseUrl;
  private final String authorization;
  private final TaskScheduler scheduler;
  private final AtomicInteger statusCalls = new AtomicInteger();
  private List<Job> jobs = new ArrayList<>();

  RawCometApiClient(OkHttpClient http, String baseUrl, String apiKey, TaskScheduler scheduler) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.authorization = "Bearer " + apiKey;
    this.scheduler = scheduler;
  }

  /** One job: its task, once submitted, the next poll, and the result. */
  private static final class Job {
    final CompletableFuture<String> result = new CompletableFuture<>();
    volatile @Nullable String taskId;
    volatile TaskScheduler.@Nullable Cancellable nextPoll;
    int polls;
  }

  @Override
  public void start(int count) {
    for (int i = 0; i < count; i++) {
      Job job = new Job();
      jobs.add(job);
      String audio = "https://example.com/lines/" + i + ".mp3";
      String idempotencyKey = "raw-" + i;
      post("kling/v1/videos/identify-face", Map.of("video_url", "https://example.com/videos/" + i + ".mp4"), job,
          session -> post("kling/v1/videos/advanced-lip-sync", Map.of(
                  "session_id", session.get("session_id"),
                  // Kling's reference requires the three times: the whole clip, dubbed from the start.
                  "face_choose", List.of(Map.of(
                      "face_id", ((Map<?, ?>) ((List<?>) session.get("face_data")).get(0)).get("face_id"),
                      "sound_file", audio,
                      "sound_start_time", 0,
                      "sound_end_time", CLIP_MS,
                      "sound_insert_time", 0)),
                  "external_task_id", idempotencyKey),
              job, task -> {
                job.taskId = (String) task.get("task_id");
                schedulePoll(job);
              }));
    }
    HttpIdle.await(http.dispatcher(), Duration.ofMinutes(2));
    long polled = jobs.stream().filter(job -> job.taskId != null && !job.result.isDone()).count();
    if (polled != count) {
      throw new IllegalStateException("only " + polled + " of " + count + " jobs have a task being polled");
    }
  }

  @Override
  public void stop() {
    for (Job job : jobs) {
      TaskScheduler.Cancellable next = job.nextPoll;
      if (next != null) {
        next.cancel();
      }
      job.result.cancel(false);
    }
    jobs = new ArrayList<>();
  }

  @Override
  public int statusCalls() {
    return statusCalls.get();
  }

  private void schedulePoll(Job job) {
    double delay = Math.min(30, 5 * Math.pow(1.5, job.polls)) * (1 - 0.2 * ThreadLocalRandom.current().nextDouble());
    job.nextPoll = scheduler.schedule(Duration.ofMillis((long) (delay * 1000)), () -> poll(job));
  }

  private void poll(Job job) {
    job.polls++;
    statusCalls.incrementAndGet();
    send(new Request.Builder()
        .url(baseUrl + "/kling/v1/videos/advanced-lip-sync/" + job.taskId)
        .header("Authorization", authorization)
        .build(), job, task -> {
          Object status = task.get("task_status");
          if ("succeed".equals(status) || "failed".equals(status)) {
            job.result.complete((String) status);
          } else {
            schedulePoll(job);
          }
        });
  }

  private void post(String path, Map<String, Object> body, Job job, Consumer<Map<String, Object>> then) {
    send(new Request.Builder()
        .url(baseUrl + "/" + path)
        .header("Authorization", authorization)
        .post(RequestBody.create(RawJson.MAP.toJson(body), JSON))
        .build(), job, then);
  }

  /** Sends a request and hands the answer's {@code data} object on; any failure ends the job. */
  private void send(Request request, Job job, Consumer<Map<String, Object>> then) {
    http.newCall(request).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (ResponseBody body = response.body()) {
          Map<String, Object> answer = RawJson.MAP.fromJson(body.source());
          Object data = answer == null ? null : answer.get("data");
          if (!response.isSuccessful() || !(data instanceof Map<?, ?>)) {
            job.result.completeExceptionally(new IOException("HTTP " + response.code() + ": " + answer));
            return;
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> object = (Map<String, Object>) data;
          then.accept(Objects.requireNonNull(object));
        } catch (IOException | RuntimeException e) {
          job.result.completeExceptionally(e);
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        job.result.completeExceptionally(e);
      }
    });
  }
}
