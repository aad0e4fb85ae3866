package dev.lipsync.apimodels;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

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
    CompletableFuture<FaceSession> result = new CompletableFuture<>();
    AtomicReference<CompletableFuture<?>> step = new AtomicReference<>();
    CompletableFuture<TaskRef> create = VendorCalls.read(
        ApiModelsMapper.VENDOR,
        () -> api.identify(body),
        envelope -> ApiModelsMapper.toCoreTaskRef(ApiModelsMapper.dataOf(envelope, key)));
    step.set(create);
    create.whenComplete((task, error) -> {
      if (error != null) {
        result.completeExceptionally(asLipSync(error));
        return;
      }
      ErrorContext polling = ErrorContext.of(ApiModelsMapper.VENDOR).withTaskRef(task);
      CompletableFuture<FaceSession> polled =
          PollUntil.on(scheduler, schedule, deadline, polling).poll(() -> probe(polling, task, video));
      step.set(polled);
      polled.whenComplete((session, failure) -> {
        if (failure == null) {
          result.complete(session);
        } else {
          result.completeExceptionally(asLipSync(failure));
        }
      });
      if (result.isCancelled()) {
        polled.cancel(false);
      }
    });
    result.whenComplete((session, failure) -> {
      if (result.isCancelled()) {
        step.get().cancel(false);
      }
    });
    return result;
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

  /**
   * What identification fails with: the library's error as it is; an {@link Error} (a broken classpath)
   * as it is too, since it is this process's fault and no vendor's; anything else as a protocol error.
   */
  private static Throwable asLipSync(Throwable failure) {
    Throwable cause = LipSyncException.causeOf(failure);
    if (cause instanceof LipSyncException || cause instanceof CancellationException || cause instanceof Error) {
      return cause;
    }
    return new ProtocolException(
        ErrorContext.of(ApiModelsMapper.VENDOR), "identification failed unexpectedly", cause);
  }
}
