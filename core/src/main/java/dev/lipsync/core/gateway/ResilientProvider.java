package dev.lipsync.core.gateway;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.gateway.FailurePolicy.Operation;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.provider.Withdrawable;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A vendor wrapped in Failsafe policies: retries for calls that are safe to repeat, a circuit breaker,
 * a timeout per attempt and, where configured, a rate limiter. One instance per vendor; its one circuit
 * breaker is shared by all its operations, so a vendor that fails on status calls is also spared new
 * submits.
 *
 * <pre>{@code
 * LipSyncProvider kling = ResilientProvider.wrap(adapter, ResilienceSettings.defaults(), scheduler);
 * }</pre>
 *
 * <h2>Composition</h2>
 *
 * From the outside in, as Failsafe would write {@code Failsafe.with(retry, rateLimiter, breaker)}:
 *
 * <pre>
 * retry( rate limiter( circuit breaker( timeout( vendor call ) ) ) )
 * </pre>
 *
 * <ul>
 *   <li>No fallback: a failure is the gateway's to act on (fail over, or stop).
 *   <li>The retry is outermost, so every attempt passes the rate limiter and the breaker again: a
 *       retry waits its turn, and a circuit that opened meanwhile stops further retries. Status calls
 *       have none: the tracking's next poll is their retry.
 *   <li>The rate limiter is outside the breaker, so a call refused for local throttling is never
 *       counted by the breaker as the vendor's success or failure.
 *   <li>The timeout is innermost and applies to each attempt, not to the whole call with its
 *       retries; a timeout counts as a failure for the breaker.
 * </ul>
 *
 * <h2>What is retried</h2>
 *
 * What the vendor's {@link FailurePolicy} says, by operation; nothing here decides it. In short:
 *
 * <ul>
 *   <li>{@link #identifyFaces} is retried on rate limits and outages, with exponential backoff and
 *       jitter, up to {@link ResilienceSettings#maxAttempts()} attempts; a vendor that could not be
 *       reached at all is left for the next one unless {@link ResilienceSettings#retryUnreachable()}
 *       says so. A {@code Retry-After} is waited for, unless it asks for more than {@link
 *       ResilienceSettings#maxBackoff()}: then the call fails at once, so the job can go elsewhere.
 *   <li>{@link #submit} is paid. It is retried only on failures that prove no task was created (the
 *       vendor's refusal for a rate limit or an outage), never on {@link
 *       SubmitOutcomeUnknownException}: repeating it could create, and pay for, a second task. A
 *       submit that outlasts {@link ResilienceSettings#callTimeout()} after it was sent fails that way, for
 *       that reason; one that was never sent (still queued in the HTTP client, see {@link Withdrawable})
 *       fails as {@linkplain UnavailableException#unreachable() unreachable}, and may go elsewhere.
 *   <li>{@link #status} is never retried here: the tracking polls again on its schedule, so that one
 *       poll is one call.
 *   <li>{@link #findByIdempotencyKey} is retried on rate limits and outages, and is neither refused
 *       nor counted by the circuit breaker: it is how the gateway settles a submit whose outcome is
 *       unknown, and the circuit is often open because of those very submits.
 *   <li>{@link #cancel} and {@link #parseCallback} pass straight through: cancelling is best effort
 *       and must not hold a job up with backoffs, and parsing a callback sends nothing.
 * </ul>
 *
 * <h2>Circuit breaker</h2>
 *
 * The circuit counts the failures the policy says show the vendor unwell ({@link
 * FailurePolicy#countsAgainstVendor}): outages and timeouts, rate limits, refused keys and credit,
 * unreadable answers and submits without an answer. The failures that are the request's fault count
 * as answers. After {@link ResilienceSettings#breakerFailureThreshold()} failures in a row the circuit
 * opens: calls fail at once, without reaching the vendor, with an {@link UnavailableException} that is
 * {@linkplain UnavailableException#unreachable() unreachable} ("circuit open ..."): nothing was sent,
 * so even a submit may go elsewhere. After {@link ResilienceSettings#breakerDelay()} one trial call is
 * let through; its success closes the circuit, its failure opens it again.
 *
 * <h2>Failures and time</h2>
 *
 * A returned future never fails with a Failsafe exception, a {@link CompletionException} or another
 * wrapper: failures made here are {@link LipSyncException}s, and the vendor's own failures are passed
 * on as they are. Cancelling a returned future cancels any waiting retry and the vendor's call.
 *
 * <p>Retry delays, rate-limit waits and timeouts all run on the {@link TaskScheduler} given to {@link
 * #wrap}. Failsafe's own clock ({@link System#nanoTime()}) is read in two places only: the circuit's
 * open-to-half-open delay, and the rate limiter's reckoning of how long a call must wait (the wait
 * itself runs on the scheduler). The timeout is made here rather than with Failsafe's {@code Timeout},
 * because Failsafe 3.3 schedules its timeouts on its own default scheduler whatever scheduler it is
 * given.
 *
 * <p>Thread-safe.
 */
final class ResilientProvider extends ForwardingProvider {

  /** The state of a vendor's circuit. */
  enum CircuitState {
    /** The vendor is called normally. */
    CLOSED,
    /** A trial call may go through (or is under way); its outcome closes or reopens the circuit. */
    HALF_OPEN,
    /** The vendor failed repeatedly and calls fail at once without reaching it. */
    OPEN
  }

  private final String vendor;
  private final ResilienceSettings settings;
  private final FailurePolicy policy;
  private final TaskScheduler scheduler;
  private final DoubleSupplier random;
  private final CircuitBreaker<Object> breaker;
  private final FailsafeExecutor<Object> identifications;
  private final FailsafeExecutor<Object> statusCalls;
  private final FailsafeExecutor<Object> submits;
  private final FailsafeExecutor<Object> lookups;
  /** The last failure the circuit counted, for {@link #health}; null until one came. */
  private final AtomicReference<VendorHealth.@Nullable Failure> lastFailure = new AtomicReference<>();

  private ResilientProvider(
      LipSyncProvider delegate,
      ResilienceSettings settings,
      FailurePolicy policy,
      TaskScheduler scheduler,
      DoubleSupplier random) {
    super(delegate);
    this.vendor = delegate.id();
    this.settings = settings;
    this.policy = policy;
    this.scheduler = scheduler;
    this.random = random;
    this.breaker =
        CircuitBreaker.<Object>builder()
            .handleIf(policy::countsAgainstVendor)
            .withFailureThreshold(settings.breakerFailureThreshold())
            .withSuccessThreshold(1)
            .withDelay(settings.breakerDelay())
            // Kept where the breaker counts it, so that health names exactly the failures that move the
            // circuit: not the request's own faults, and not the refusals of an open circuit itself.
            .onFailure(event -> recordFailure(event.getException()))
            .build();
    @Nullable RateLimiter<Object> limiter = settings.limitsRate() ? rateLimiter(settings) : null;
    FailsafeScheduler failsafeScheduler = new FailsafeScheduler(scheduler);
    this.identifications =
        Failsafe.with(policies(retryPolicy(Operation.IDENTIFY), limiter, breaker)).with(failsafeScheduler);
    // No retry policy: a status call is never retried here (the tracking's next poll is its retry), and
    // a policy that never retries would still cost every poll its per-execution objects.
    this.statusCalls = Failsafe.with(policies(null, limiter, breaker)).with(failsafeScheduler);
    this.submits =
        Failsafe.with(policies(retryPolicy(Operation.SUBMIT), limiter, breaker)).with(failsafeScheduler);
    this.lookups =
        Failsafe.with(policies(retryPolicy(Operation.LOOKUP), limiter, null)).with(failsafeScheduler);
  }

  /**
   * Wraps {@code delegate} in the policies {@code settings} describe, with every delay and timeout run
   * on {@code scheduler}, deciding as the default {@link FailurePolicy} of those settings does.
   */
  static ResilientProvider wrap(
      LipSyncProvider delegate, ResilienceSettings settings, TaskScheduler scheduler) {
    return wrap(delegate, settings, FailurePolicy.of(settings), scheduler);
  }

  /** As {@link #wrap(LipSyncProvider, ResilienceSettings, TaskScheduler)}, deciding as {@code policy} does. */
  static ResilientProvider wrap(
      LipSyncProvider delegate, ResilienceSettings settings, FailurePolicy policy, TaskScheduler scheduler) {
    return wrap(delegate, settings, policy, scheduler, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As {@link #wrap(LipSyncProvider, ResilienceSettings, TaskScheduler)}, with the jitter's random source. */
  static ResilientProvider wrap(
      LipSyncProvider delegate,
      ResilienceSettings settings,
      TaskScheduler scheduler,
      DoubleSupplier random) {
    return wrap(delegate, settings, FailurePolicy.of(settings), scheduler, random);
  }

  private static ResilientProvider wrap(
      LipSyncProvider delegate,
      ResilienceSettings settings,
      FailurePolicy policy,
      TaskScheduler scheduler,
      DoubleSupplier random) {
    Objects.requireNonNull(delegate, "delegate == null");
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(policy, "policy == null");
    Objects.requireNonNull(scheduler, "scheduler == null");
    Objects.requireNonNull(random, "random == null");
    return new ResilientProvider(delegate, settings, policy, scheduler, random);
  }

  /** How this vendor's failures are decided. */
  FailurePolicy policy() {
    return policy;
  }

  /** The settings this provider was made with. */
  ResilienceSettings settings() {
    return settings;
  }

  /**
   * The state of this vendor's circuit. An open circuit whose delay has passed is reported as {@link
   * CircuitState#HALF_OPEN}, because the next call will be let through as the trial (Failsafe itself
   * moves to half-open only when a call arrives): a router that skips open circuits still sends that
   * trial.
   */
  CircuitState circuitState() {
    return switch (breaker.getState()) {
      case CLOSED -> CircuitState.CLOSED;
      case HALF_OPEN -> CircuitState.HALF_OPEN;
      case OPEN ->
          breaker.getRemainingDelay().isZero() ? CircuitState.HALF_OPEN : CircuitState.OPEN;
    };
  }

  /**
   * How this vendor stands: its circuit as {@link #circuitState()} reports it, the last failure the
   * circuit counted, and the given counts of tasks (kept by the gateway, not here). The one place that
   * says what a vendor's health is.
   */
  VendorHealth health(int tasksInFlight, int tasksWaiting) {
    VendorHealth.Circuit circuit = switch (circuitState()) {
      case CLOSED -> VendorHealth.Circuit.CLOSED;
      case HALF_OPEN -> VendorHealth.Circuit.HALF_OPEN;
      case OPEN -> VendorHealth.Circuit.OPEN;
    };
    return new VendorHealth(vendor, circuit, lastFailure.get(), tasksInFlight, tasksWaiting);
  }

  private void recordFailure(@Nullable Throwable failure) {
    if (failure != null && LipSyncException.causeOf(failure) instanceof LipSyncException known) {
      lastFailure.set(VendorHealth.Failure.of(known, scheduler.now()));
    }
  }

  /** The circuit breaker itself, for tests that need to force a state. */
  CircuitBreaker<Object> circuitBreaker() {
    return breaker;
  }

  /**
   * Identifies faces; retried as the policy says. An identification that outlasts the call timeout
   * fails as one whose vendor-side task outlasted its own time does ({@link
   * DeadlineExceededException}), so that whichever of the two fires first, the job does the same.
   */
  @Override
  public CompletableFuture<FaceSession> identifyFaces(VideoSource video) {
    Objects.requireNonNull(video, "video == null");
    return call(
        identifications,
        true,
        () -> delegate().identifyFaces(video),
        ErrorContext.of(vendor),
        "the identification",
        () -> new DeadlineExceededException(ErrorContext.of(vendor), settings.callTimeout(), null));
  }

  /**
   * Starts a task; retried only when the vendor refused it or could not be reached, never when it may
   * have been created. See the type's documentation.
   */
  @Override
  public CompletableFuture<TaskRef> submit(SubmitRequest request) {
    Objects.requireNonNull(request, "request == null");
    return call(
        submits,
        true,
        () -> delegate().submit(request),
        ErrorContext.of(vendor),
        "the submit",
        () ->
            new SubmitOutcomeUnknownException(
                ErrorContext.of(vendor),
                noAnswer("the submit") + ", after it may have reached the vendor",
                request.idempotencyKey(),
                null));
  }

  /**
   * Asks how a task stands, once: a failed status call is polled again on the tracking's schedule, so
   * that one poll is one call.
   */
  @Override
  public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
    Objects.requireNonNull(ref, "ref == null");
    return call(
        statusCalls,
        true,
        () -> delegate().status(ref),
        ErrorContext.of(vendor).withTaskRef(ref),
        "the status call",
        () ->
            new UnavailableException(
                ErrorContext.of(vendor).withTaskRef(ref), noAnswer("the status call"), null));
  }

  /**
   * Speaks text; retried as an identification is (nothing is dubbed yet, and speaking again makes only
   * another audio), within the call timeout.
   */
  @Override
  public CompletableFuture<SpokenAudio> speak(AudioSource.Speech speech) {
    Objects.requireNonNull(speech, "speech == null");
    return call(
        identifications,
        true,
        () -> delegate().speak(speech),
        ErrorContext.of(vendor),
        "the speech",
        () -> new UnavailableException(ErrorContext.of(vendor), noAnswer("the speech"), null));
  }

  /**
   * Looks a task up by idempotency key; retried like a status call, and not stopped by an open circuit.
   */
  @Override
  public CompletableFuture<Optional<TaskRef>> findByIdempotencyKey(String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    return call(
        lookups,
        false,
        () -> delegate().findByIdempotencyKey(idempotencyKey),
        ErrorContext.of(vendor),
        "the lookup",
        () -> new UnavailableException(ErrorContext.of(vendor), noAnswer("the lookup"), null));
  }

  @Override
  public String toString() {
    return "ResilientProvider[" + vendor + ", circuit " + circuitState() + "]";
  }

  // ---------------------------------------------------------------- running a call

  private <T> CompletableFuture<T> call(
      FailsafeExecutor<Object> executor,
      boolean guarded,
      Supplier<CompletableFuture<T>> attempt,
      ErrorContext context,
      String what,
      Supplier<LipSyncException> timedOut) {
    // Failsafe would refuse the call too, but only after the rate limiter had made it wait its turn.
    if (guarded && circuitState() == CircuitState.OPEN) {
      return CompletableFuture.failedFuture(circuitOpen());
    }
    CompletableFuture<T> execution = executor.getStageAsync(() -> withTimeout(attempt, context, what, timedOut));
    CompletableFuture<T> result = new CompletableFuture<>();
    execution.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(translate(failure));
          }
        });
    result.whenComplete(
        (value, failure) -> {
          if (failure instanceof CancellationException) {
            execution.cancel(true);
          }
        });
    return result;
  }

  /**
   * One attempt, failed if the vendor has not answered within the call timeout: as not sent if the
   * call could still be {@linkplain Withdrawable withdrawn} unsent (it waited in the HTTP client's queue,
   * or for a connection, the whole time), otherwise with {@code timedOut}, since the vendor may have
   * received it. The timer counts from the call, queue included, so a call never waits longer than the
   * timeout; what the timeout means is decided by how far the call got.
   */
  private <T> CompletableFuture<T> withTimeout(
      Supplier<CompletableFuture<T>> attempt,
      ErrorContext context,
      String what,
      Supplier<LipSyncException> timedOut) {
    CompletableFuture<T> call =
        Objects.requireNonNull(attempt.get(), () -> vendor + " returned no future");
    if (call.isDone()) {
      return call;
    }
    CompletableFuture<T> bounded = new CompletableFuture<>();
    TaskScheduler.Cancellable timer =
        scheduler.schedule(
            settings.callTimeout(),
            () -> {
              if (bounded.isDone()) {
                return;
              }
              boolean unsent = call instanceof Withdrawable withdrawable && withdrawable.withdrawIfUnsent();
              if (bounded.completeExceptionally(unsent ? notSent(context, what) : timedOut.get())) {
                call.cancel(false);
              }
            });
    call.whenComplete(
        (value, failure) -> {
          timer.cancel();
          if (failure == null) {
            bounded.complete(value);
          } else {
            bounded.completeExceptionally(unwrap(failure));
          }
        });
    bounded.whenComplete(
        (value, failure) -> {
          if (bounded.isCancelled()) {
            timer.cancel();
            call.cancel(true);
          }
        });
    return bounded;
  }

  /**
   * Nothing reached the vendor, as when it refuses the connection: the failure policy may go
   * elsewhere at once, even for a submit.
   */
  private UnavailableException notSent(ErrorContext context, String what) {
    return UnavailableException.unreachable(
        context,
        what + " was not sent within " + settings.callTimeout().toMillis()
            + " ms: it was still waiting in this process's HTTP client (queued, or connecting)",
        null);
  }

  private String noAnswer(String what) {
    return "no answer to " + what + " within " + settings.callTimeout().toMillis() + " ms";
  }

  // ---------------------------------------------------------------- policies

  private static List<Policy<Object>> policies(
      @Nullable RetryPolicy<Object> retry,
      @Nullable RateLimiter<Object> limiter,
      @Nullable CircuitBreaker<Object> breaker) {
    List<Policy<Object>> policies = new ArrayList<>();
    if (retry != null) {
      policies.add(retry);
    }
    if (limiter != null) {
      policies.add(limiter);
    }
    if (breaker != null) {
      policies.add(breaker);
    }
    return policies;
  }

  private RetryPolicy<Object> retryPolicy(Operation operation) {
    return RetryPolicy.<Object>builder()
        .handleIf(failure -> policy.retries(operation, failure))
        .withMaxAttempts(settings.maxAttempts())
        .withDelayFn(this::delay)
        .build();
  }

  private static RateLimiter<Object> rateLimiter(ResilienceSettings settings) {
    long intervalNanos = (long) Math.ceil(1_000_000_000d / settings.requestsPerSecond());
    return RateLimiter.<Object>smoothBuilder(Duration.ofNanos(Math.max(1, intervalNanos)))
        // A call that would wait longer than a whole call may take is better refused, so the gateway
        // can go elsewhere.
        .withMaxWaitTime(settings.callTimeout())
        .build();
  }

  /**
   * The wait before the next attempt: the exponential backoff plus jitter, or the vendor's {@code
   * Retry-After} if that is longer. Computed whole here, because Failsafe would add its jitter to a
   * {@code Retry-After} too, and could then wait less than the vendor asked.
   */
  private Duration delay(ExecutionContext<Object> context) {
    Duration backoff = backoff(Math.max(1, context.getAttemptCount()));
    long jitterNanos = (long) (TaskScheduler.nanos(backoff) * settings.jitter() * random.getAsDouble());
    Duration wait = backoff.plusNanos(jitterNanos);
    Throwable failure = context.getLastException();
    if (failure instanceof RateLimitedException limited) {
      Duration asked = limited.retryAfter().orElse(Duration.ZERO);
      if (asked.compareTo(wait) > 0) {
        return asked;
      }
    }
    return wait;
  }

  /** {@code firstBackoff × 2^(retry - 1)}, at most {@code maxBackoff}. */
  private Duration backoff(int retry) {
    Duration backoff = settings.firstBackoff();
    for (int i = 1; i < retry && backoff.compareTo(settings.maxBackoff()) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
  }

  // ---------------------------------------------------------------- failures

  private Throwable translate(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof CircuitBreakerOpenException) {
      return circuitOpen();
    }
    if (cause instanceof RateLimitExceededException) {
      return new RateLimitedException(
          ErrorContext.of(vendor),
          "the configured limit of " + settings.requestsPerSecond()
              + " requests per second would have kept this call waiting longer than "
              + settings.callTimeout().toMillis() + " ms",
          null,
          null);
    }
    return cause;
  }

  private UnavailableException circuitOpen() {
    Duration remaining = breaker.getRemainingDelay();
    String reason =
        breaker.isHalfOpen() || remaining.isZero()
            ? "circuit open: the vendor failed repeatedly and a trial call is under way"
            : "circuit open: the vendor failed repeatedly and is not called for another "
                + Math.max(1, remaining.toSeconds()) + " s";
    // Nothing was sent, so even a submit may go elsewhere at once.
    return UnavailableException.unreachable(ErrorContext.of(vendor), reason, null);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = LipSyncException.causeOf(failure);
    while (current.getClass() == FailsafeException.class && current.getCause() != null) {
      current = LipSyncException.causeOf(current.getCause());
    }
    return current;
  }
}
