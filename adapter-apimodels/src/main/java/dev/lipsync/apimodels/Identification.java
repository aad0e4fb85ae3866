package dev.lipsync.apimodels;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.PollUntil;
import dev.lipsync.support.VendorCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Face identification at apimodels, which runs it as a task: create the identify task, then poll it
 * with {@link PollUntil} until it completes. No thread waits; each poll is one asynchronous call woken
 * by the scheduler. Thread-safe.
 */
final class Identification {
  private final ApiModelsEndpoint api;
  private final ApiKey key;
  private final TaskScheduler scheduler;
  private final PollSchedule schedule;
  private final Duration timeout;

  Identification(ApiModelsEndpoint api, ApiKey key, TaskScheduler scheduler, PollSchedule schedule, Duration timeout) {
    this.api = api;
    this.key = key;
    this.scheduler = scheduler;
    this.schedule = schedule;
    this.timeout = timeout;
  }

  /** The faces in {@code video}, once the identify task has completed or the timeout has passed. */
  CompletableFuture<FaceSession> identify(VideoSource video) {
    IdentifyRequest body = ApiModelsMapper.toVendorIdentify(video);
    Instant deadline = scheduler.now().plus(timeout);
    CompletableFuture<TaskRef> create = VendorCalls.read(
        ApiModelsMapper.VENDOR,
        () -> api.identify(body),
        envelope -> ApiModelsMapper.toCoreTaskRef(ApiModelsMapper.dataOf(envelope, key)));
    return PollUntil.afterStart(ApiModelsMapper.VENDOR, create, task -> {
      ErrorContext polling = ErrorContext.of(ApiModelsMapper.VENDOR).withTaskRef(task);
      return PollUntil.on(scheduler, schedule, deadline, polling).poll(() -> probe(polling, task, video));
    });
  }

  /**
   * One poll of the identify task. An answer it cannot read fails it with a {@link ProtocolException},
   * which {@link PollUntil} counts like any unreadable answer rather than ending identification at once.
   */
  private CompletableFuture<Poll<FaceSession>> probe(ErrorContext polling, TaskRef task, VideoSource video) {
    return VendorCalls.read(
        polling,
        () -> api.task(task.taskId()),
        envelope -> ApiModelsMapper.toCoreIdentifyPoll(task, video, ApiModelsMapper.dataOf(envelope, key)));
  }
}
