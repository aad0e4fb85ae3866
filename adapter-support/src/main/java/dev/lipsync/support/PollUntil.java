package dev.lipsync.support;

import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.gateway.Polling;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
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
   * A step the vendor runs as a task of its own, as one future: {@code start} creates the task, then
   * {@code then} makes of its answer what follows (polling it with a {@code PollUntil}, or the value at
   * once where the answer holds it already).
   *
   * <p>Cancelling the returned future cancels whichever of the two is running. It fails with the
   * library's error as the steps failed; with an {@link Error} (a broken classpath) as it is, since it
   * is this process's fault and no vendor's; and with anything else as a {@link ProtocolException} of
   * {@code vendor}'s, since a step that fails so has been read wrong.
   */
  public static <A, T> CompletableFuture<T> afterStart(
      String vendor, CompletableFuture<A> start, Function<? super A, CompletableFuture<T>> then) {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(start, "start == null");
    Objects.requireNonNull(then, "then == null");
    CompletableFuture<T> result = new CompletableFuture<>();
    AtomicReference<CompletableFuture<?>> step = new AtomicReference<>(start);
    start.whenComplete((answer, error) -> {
      if (error != null) {
        result.completeExceptionally(asLipSync(vendor, error));
        return;
      }
      CompletableFuture<T> next;
      try {
        next = then.apply(answer);
      } catch (RuntimeException e) {
        result.completeExceptionally(asLipSync(vendor, e));
        return;
      }
      step.set(next);
      next.whenComplete((value, failure) -> {
        if (failure == null) {
          result.complete(value);
        } else {
          result.completeExceptionally(asLipSync(vendor, failure));
        }
      });
      if (result.isCancelled()) {
        next.cancel(false);
      }
    });
    result.whenComplete((value, failure) -> {
      if (result.isCancelled()) {
        step.get().cancel(false);
      }
    });
    return result;
  }

  private static Throwable asLipSync(String vendor, Throwable failure) {
    Throwable cause = LipSyncException.causeOf(failure);
    if (cause instanceof LipSyncException || cause instanceof CancellationException || cause instanceof Error) {
      return cause;
    }
    return new ProtocolException(ErrorContext.of(vendor), "the vendor's task failed unexpectedly", cause);
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
