package dev.lipsync.core.gateway;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Carries vendor tasks to their end on one {@link TaskScheduler}: every task in flight is a few objects
 * and a scheduled wake-up, never a thread.
 *
 * <pre>{@code
 * TaskTracker tracker = new TaskTracker(new SystemScheduler());
 * Tracking tracking = tracker.track(ref, provider::status, PollSchedule.defaults(),
 *     Instant.now().plus(Duration.ofMinutes(15)), snapshot -> log(snapshot.state()));
 * tracking.result().thenAccept(done -> ...);   // SUCCEEDED or FAILED
 * }</pre>
 *
 * Thread-safe.
 */
final class TaskTracker {
  private final TaskScheduler scheduler;
  private final DoubleSupplier random;

  /** A tracker on {@code scheduler}, with random jitter. */
  TaskTracker(TaskScheduler scheduler) {
    this(scheduler, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * A tracker on {@code scheduler} drawing jitter from {@code random}, which must give numbers in [0,
   * 1); tests pass a fixed value.
   */
  TaskTracker(TaskScheduler scheduler, DoubleSupplier random) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    this.random = Objects.requireNonNull(random, "random == null");
  }

  /** The scheduler, whose clock is the tracker's. */
  TaskScheduler scheduler() {
    return scheduler;
  }

  /**
   * A polling of {@code probe} on {@code schedule}, not yet started: the loop every {@link Tracking}
   * runs its status calls in.
   *
   * @param context names the vendor (and task) in a deadline error
   */
  <T> Polling<T> newPolling(
      ErrorContext context,
      Supplier<CompletableFuture<Poll<T>>> probe,
      PollSchedule schedule,
      Instant deadline) {
    return newPolling(context, probe, schedule, null, deadline);
  }

  /** Like {@link #newPolling(ErrorContext, Supplier, PollSchedule, Instant)}, placed by {@code placement} if not null. */
  <T> Polling<T> newPolling(
      ErrorContext context,
      Supplier<CompletableFuture<Poll<T>>> probe,
      PollSchedule schedule,
      @Nullable PollPlacement placement,
      Instant deadline) {
    return new Polling<>(scheduler, random, context, probe, schedule, placement, deadline);
  }

  /**
   * Tracks a task until it succeeds or fails, polling {@code status} and taking callbacks through
   * {@link Tracking#offer(TaskSnapshot)}. Polling has started when this returns.
   *
   * @param onChange told of every snapshot that moves the task forward
   */
  Tracking track(
      TaskRef ref,
      Function<TaskRef, CompletableFuture<TaskSnapshot>> status,
      PollSchedule schedule,
      Instant deadline,
      Consumer<TaskSnapshot> onChange) {
    Tracking tracking = prepare(ref, status, schedule, deadline, onChange);
    tracking.start(() -> {});
    return tracking;
  }

  /**
   * Like {@link #track}, but nothing is polled until {@link Tracking#start(Runnable)}: the caller
   * first attaches its listeners and then starts with what must precede any news of the task.
   */
  Tracking prepare(
      TaskRef ref,
      Function<TaskRef, CompletableFuture<TaskSnapshot>> status,
      PollSchedule schedule,
      Instant deadline,
      Consumer<TaskSnapshot> onChange) {
    return prepare(ref, status, schedule, null, deadline, onChange);
  }

  /**
   * Like {@link #prepare(TaskRef, Function, PollSchedule, Instant, Consumer)}, with polls placed around
   * the task's expected end by {@code placement}, or on {@code schedule} when it is null.
   */
  Tracking prepare(
      TaskRef ref,
      Function<TaskRef, CompletableFuture<TaskSnapshot>> status,
      PollSchedule schedule,
      @Nullable PollPlacement placement,
      Instant deadline,
      Consumer<TaskSnapshot> onChange) {
    return new Tracking(this, ref, status, schedule, placement, deadline, onChange);
  }
}
