package dev.lipsync.support;

import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.gateway.Polling;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Polls a vendor until something is there, for an adapter whose vendor runs a step as a task of its own
 * (apimodels identifies faces so): asks on a {@link PollSchedule}, on a {@link TaskScheduler} (no thread
 * waits between polls), until the probe answers with a value or the deadline passes.
 *
 * <pre>{@code
 * CompletableFuture<FaceSession> session = PollUntil.on(scheduler, schedule, deadline, context)
 *     .poll(() -> VendorCalls.read(context, () -> api.task(id), answer -> answer.done()
 *         ? Poll.done(Mapper.toCoreSession(answer)) : Poll.pending(answer.status)));
 * }</pre>
 *
 * What ends polling is what ends the gateway's own tracking of a task, since {@link Polling} does
 * both: a rate limit or an outage is polled again, after the vendor's {@code Retry-After} when it
 * gives one; an unreadable answer ({@link ProtocolException}) is polled again unless it is the third in
 * a row; any other failure ends polling with that failure, and the deadline with {@link
 * DeadlineExceededException}, which names the vendor's last word for where the thing stood. Cancelling
 * the returned future stops polling and cancels the call in flight. Immutable and thread-safe; one
 * instance may poll many things.
 */
public final class PollUntil {
  private final TaskScheduler scheduler;
  private final PollSchedule schedule;
  private final Instant deadline;
  private final ErrorContext context;
  private final DoubleSupplier random;

  private PollUntil(
      TaskScheduler scheduler, PollSchedule schedule, Instant deadline, ErrorContext context, DoubleSupplier random) {
    this.scheduler = scheduler;
    this.schedule = schedule;
    this.deadline = deadline;
    this.context = context;
    this.random = random;
  }

  /**
   * Polling on {@code scheduler}, when {@code schedule} says, until {@code deadline}.
   *
   * @param context what a {@link DeadlineExceededException} names: the vendor and the task polled
   */
  public static PollUntil on(TaskScheduler scheduler, PollSchedule schedule, Instant deadline, ErrorContext context) {
    return new PollUntil(
        Objects.requireNonNull(scheduler, "scheduler == null"),
        Objects.requireNonNull(schedule, "schedule == null"),
        Objects.requireNonNull(deadline, "deadline == null"),
        Objects.requireNonNull(context, "context == null"),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The same polling with the schedule's jitter drawn from {@code random} (values in [0, 1)), for tests. */
  public PollUntil random(DoubleSupplier random) {
    return new PollUntil(scheduler, schedule, deadline, context, Objects.requireNonNull(random, "random == null"));
  }

  /**
   * Asks {@code probe} until it answers with a value; the first ask waits the schedule's first delay.
   *
   * @param probe one poll: {@link Poll#done} with the value when it is there, {@link Poll#pending}
   *     while it is not
   * @return the value; or the failure that ended polling, as the type describes
   */
  public <T> CompletableFuture<T> poll(Supplier<CompletableFuture<Poll<T>>> probe) {
    Objects.requireNonNull(probe, "probe == null");
    return Polling.until(scheduler, schedule, deadline, context, random, probe);
  }
}
