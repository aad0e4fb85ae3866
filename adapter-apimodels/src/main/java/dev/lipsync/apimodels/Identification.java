package dev.lipsync.apimodels;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.tracking.Poll;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.Polling;
import dev.lipsync.core.tracking.TaskTracker;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.VendorCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Face identification at apimodels, which runs it as a task: create the identify task, then poll it on
 * core's {@link TaskTracker} until it completes. No thread waits; each poll is one asynchronous call
 * woken by the tracker's scheduler. Thread-safe.
 */
final class Identification {
  private final ApiModelsApi api;
  private final ApiKey key;
  private final TaskTracker tracker;
  private final PollSchedule schedule;
  private final Duration timeout;

  Identification(ApiModelsApi api, ApiKey key, TaskTracker tracker, PollSchedule schedule, Duration timeout) {
    this.api = api;
    this.key = key;
    this.tracker = tracker;
    this.schedule = schedule;
    this.timeout = timeout;
  }

  /** The faces in {@code video}, once the identify task has completed or the timeout has passed. */
  CompletableFuture<FaceSession> identify(VideoSource video) {
    IdentifyRequest body;
    try {
      body = ApiModelsMapper.toVendorIdentify(video);
    } catch (LipSyncException e) {
      return CompletableFuture.failedFuture(e);
    }
    Instant deadline = tracker.scheduler().now().plus(timeout);
    CompletableFuture<FaceSession> result = new CompletableFuture<>();
    AtomicReference<Polling<FaceSession>> polling = new AtomicReference<>();
    CompletableFuture<TaskRef> create = VendorCalls.read(
        ApiModelsMapper.VENDOR,
        () -> api.identify(body),
        envelope -> ApiModelsMapper.toCoreTaskRef(ApiModelsMapper.dataOf(envelope, key)));
    create.whenComplete((task, error) -> {
      if (error != null) {
        result.completeExceptionally(asLipSync(error));
        return;
      }
      Polling<FaceSession> started = tracker.poll(
          ErrorContext.of(ApiModelsMapper.VENDOR).withTaskRef(task),
          () -> probe(task, video),
          schedule,
          deadline);
      polling.set(started);
      started.result().whenComplete((session, failure) -> {
        if (failure == null) {
          result.complete(session);
        } else {
          result.completeExceptionally(asLipSync(failure));
        }
      });
      if (result.isCancelled()) {
        started.cancel();
      }
    });
    result.whenComplete((session, failure) -> {
      if (result.isCancelled()) {
        create.cancel(false);
        Polling<FaceSession> started = polling.get();
        if (started != null) {
          started.cancel();
        }
      }
    });
    return result;
  }

  /**
   * One poll of the identify task. An answer it cannot read fails it with a {@link ProtocolException},
   * which the tracker counts like any unreadable answer rather than ending identification at once.
   */
  private CompletableFuture<Poll<FaceSession>> probe(TaskRef task, VideoSource video) {
    return VendorCalls.read(
        ErrorContext.of(ApiModelsMapper.VENDOR).withTaskRef(task),
        () -> api.task(task.taskId()),
        envelope -> ApiModelsMapper.toCoreIdentifyPoll(task, video, ApiModelsMapper.dataOf(envelope, key), key));
  }

  private static Throwable asLipSync(Throwable failure) {
    Throwable cause =
        LipSyncException.causeOf(failure);
    if (cause instanceof LipSyncException || cause instanceof CancellationException) {
      return cause;
    }
    return new ProtocolException(
        ErrorContext.of(ApiModelsMapper.VENDOR), "identification failed unexpectedly", cause);
  }
}
