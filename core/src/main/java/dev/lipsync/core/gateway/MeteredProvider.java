package dev.lipsync.core.gateway;

import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A vendor whose every call is measured. Wrapped outermost ({@code Metered(Resilient(adapter))}), so
 * one call is measured as the caller saw it: with its retries and waits, and with the outcome that was
 * finally handed on.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code lipsync.requests}</td><td>timer</td><td>{@code vendor}, {@code operation},
 *       {@code outcome}</td><td>each call to the vendor, from the call until its future completes</td></tr>
 *   <tr><td>{@code lipsync.callbacks}</td><td>counter</td><td>{@code vendor}, {@code outcome}</td>
 *       <td>each callback body parsed</td></tr>
 * </table>
 *
 * <p>{@code operation} is one of {@code identify}, {@code submit}, {@code status}, {@code lookup},
 * {@code cancel}. {@code outcome} speaks the vocabulary of {@link GatewayMetrics#outcomeOf}, the same on
 * every meter: {@code success}, a failure kind such as {@code rate-limited}, {@code cancelled} when the
 * caller cancelled the future, or {@code error}. Time is read from the
 * registry's clock. Calls are passed to the vendor unchanged, and their futures handed back as they
 * are, so cancelling one still reaches the vendor.
 *
 * <p>Given an observation registry, each call is also the observation {@value #VENDOR_CALL} with the
 * timer's tags, its outcome decided once for both, and as parent the observation current when the
 * call starts (the job's, which {@code JobRun} opens around each call).
 *
 * <p>Thread-safe.
 */
final class MeteredProvider extends ForwardingProvider {
  static final String REQUESTS = "lipsync.requests";
  static final String CALLBACKS = "lipsync.callbacks";
  /** The observation of one call to a vendor, tagged as its {@value #REQUESTS} timer is. */
  static final String VENDOR_CALL = "lipsync.vendor.call";

  private final MeterRegistry registry;
  private final ObservationRegistry observations;
  private final String vendor;
  /**
   * Each operation's timers by outcome, registered on first use and kept: building and looking up a
   * timer on every call cost more than the rest of the decorator (measured in {@code benchmarks}).
   */
  private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

  private MeteredProvider(LipSyncProvider delegate, MeterRegistry registry, ObservationRegistry observations) {
    super(delegate);
    this.registry = registry;
    this.observations = observations;
    this.vendor = delegate.id();
  }

  /** Measures every call to {@code delegate} in {@code registry}. */
  static MeteredProvider wrap(LipSyncProvider delegate, MeterRegistry registry) {
    return wrap(delegate, registry, ObservationRegistry.NOOP);
  }

  /**
   * Measures every call to {@code delegate} in {@code registry}, and observes each in {@code
   * observations} as {@value #VENDOR_CALL}, a child of the observation current when the call starts
   * (a job's, see {@code JobRun}).
   */
  static MeteredProvider wrap(LipSyncProvider delegate, MeterRegistry registry, ObservationRegistry observations) {
    Objects.requireNonNull(delegate, "delegate == null");
    Objects.requireNonNull(registry, "registry == null");
    Objects.requireNonNull(observations, "observations == null");
    return new MeteredProvider(delegate, registry, observations);
  }

  /** Identifies faces, timed as operation {@code identify}. */
  @Override
  public CompletableFuture<FaceSession> identifyFaces(VideoSource video) {
    return timed("identify", () -> delegate().identifyFaces(video));
  }

  /** Starts a task, timed as operation {@code submit}. */
  @Override
  public CompletableFuture<TaskRef> submit(SubmitRequest request) {
    return timed("submit", () -> delegate().submit(request));
  }

  /** Asks how a task stands, timed as operation {@code status}. */
  @Override
  public CompletableFuture<TaskSnapshot> status(TaskRef ref) {
    return timed("status", () -> delegate().status(ref));
  }

  /** Parses a callback, counted in {@code lipsync.callbacks}. */
  @Override
  public TaskSnapshot parseCallback(String body) {
    try {
      TaskSnapshot snapshot = super.parseCallback(body);
      countCallback(GatewayMetrics.SUCCESS);
      return snapshot;
    } catch (RuntimeException | Error e) {
      countCallback(GatewayMetrics.outcomeOf(e));
      throw e;
    }
  }

  /** Looks a task up, timed as operation {@code lookup}. */
  @Override
  public CompletableFuture<Optional<TaskRef>> findByIdempotencyKey(String idempotencyKey) {
    return timed("lookup", () -> delegate().findByIdempotencyKey(idempotencyKey));
  }

  /** Speaks text, timed as operation {@code speak}. */
  @Override
  public CompletableFuture<SpokenAudio> speak(AudioSource.Speech speech) {
    return timed("speak", () -> delegate().speak(speech));
  }

  /** Cancels a task, timed as operation {@code cancel}. */
  @Override
  public CompletableFuture<Void> cancel(TaskRef ref) {
    return timed("cancel", () -> delegate().cancel(ref));
  }

  @Override
  public String toString() {
    return "MeteredProvider[" + vendor + "]";
  }

  private <T> CompletableFuture<T> timed(String operation, Supplier<CompletableFuture<T>> call) {
    Timer.Sample sample = Timer.start(registry);
    Observation observation = observe(operation);
    CompletableFuture<T> future;
    try {
      // In the call's scope while it starts, so that what the adapter observes on the way is its child.
      future = observation.scoped(call);
    } catch (RuntimeException | Error e) {
      stop(sample, observation, operation, e);
      throw e;
    }
    future.whenComplete((value, failure) -> stop(sample, observation, operation, failure));
    return future;
  }

  /**
   * The started observation of one call. Its parent is named here, as the call starts, and not left to
   * be found when it stops: the call ends on another thread, where the job's scope is not open.
   */
  private Observation observe(String operation) {
    if (observations.isNoop()) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted(VENDOR_CALL, observations)
        .parentObservation(observations.getCurrentObservation())
        .contextualName(VENDOR_CALL + " " + operation)
        .lowCardinalityKeyValue("vendor", vendor)
        .lowCardinalityKeyValue("operation", operation)
        .start();
  }

  /** Ends one call's timer and observation with one outcome, decided once for both. */
  private void stop(Timer.Sample sample, Observation observation, String operation, @Nullable Throwable failure) {
    String outcome = failure == null ? GatewayMetrics.SUCCESS : GatewayMetrics.outcomeOf(failure);
    sample.stop(timer(operation, outcome));
    observation.lowCardinalityKeyValue("outcome", outcome);
    if (failure != null) {
      // The library's own exception (its message names no key): what a tracer shows as the span's error.
      observation.error(LipSyncException.causeOf(failure));
    }
    observation.stop();
  }

  private Timer timer(String operation, String outcome) {
    // computeIfAbsent finds a present key without locking.
    return timers
        .computeIfAbsent(operation, o -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome, o -> Timer.builder(REQUESTS)
            .description("Calls to a lip-sync vendor, with their retries, until answered")
            .tag("vendor", vendor)
            .tag("operation", operation)
            .tag("outcome", outcome)
            .register(registry));
  }

  private void countCallback(String outcome) {
    Counter.builder(CALLBACKS)
        .description("Callback bodies from a lip-sync vendor, parsed")
        .tag("vendor", vendor)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
