package dev.lipsync.core.gateway;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.LipSyncException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway does with jobs, as Micrometer meters. The gateway calls one method per event; each
 * names only low-cardinality tags (vendor ids, outcomes, failure kinds), never a task id, URL, text or
 * key.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code lipsync.jobs}</td><td>timer</td><td>{@code vendor} ({@code none} when no vendor
 *       took the job), {@code outcome}</td><td>each finished job, from start to end</td></tr>
 *   <tr><td>{@code lipsync.jobs.active}</td><td>gauge</td><td></td><td>jobs started and not yet
 *       finished</td></tr>
 *   <tr><td>{@code lipsync.failovers}</td><td>counter</td><td>{@code from}, {@code to}, {@code
 *       reason} (a {@link FailureKind#tag()})</td><td>each move of a job to another vendor</td></tr>
 *   <tr><td>{@code lipsync.polls}</td><td>counter</td><td>{@code vendor}</td><td>each status poll of
 *       a task</td></tr>
 *   <tr><td>{@code lipsync.cost}</td><td>counter, base unit {@code usd}</td><td>{@code vendor}</td>
 *       <td>the estimated cost of finished jobs, in US dollars</td></tr>
 *   <tr><td>{@code lipsync.callbacks}</td><td>counter</td><td>{@code vendor} ({@code unknown} for a
 *       name no vendor has), {@code verdict}</td><td>each callback: {@code progress}, {@code confirmed}
 *       or {@code contradicted} by a status call, {@code unconfirmed} (that call failed), {@code ended}
 *       (tracking was over), {@code unknown-task}, {@code malformed}</td></tr>
 *   <tr><td>{@code lipsync.circuit.state}</td><td>gauge</td><td>{@code vendor}</td><td>the vendor's
 *       circuit: 0 closed, 1 half-open, 2 open</td></tr>
 *   <tr><td>{@code lipsync.tasks.in_flight}</td><td>gauge</td><td>{@code vendor}</td><td>the
 *       gateway's tasks at the vendor, from submitted until they end</td></tr>
 *   <tr><td>{@code lipsync.tasks.waiting}</td><td>gauge</td><td>{@code vendor}</td><td>the jobs
 *       waiting for a slot at a vendor whose tasks in flight are limited ({@link
 *       ResilienceSettings#maxTasksInFlight()})</td></tr>
 * </table>
 *
 * <p>Every meter with an {@code outcome} tag, here and in {@link MeteredProvider}, speaks one
 * vocabulary, {@link #outcomeOf}'s: {@value #SUCCESS}; the failure's {@link FailureKind#tag()}
 * ({@code unavailable}, {@code rate-limited}, ...); {@value #CANCELLED}; or {@value #ERROR} for a
 * failure that is no vendor's (a broken classpath, a bug).
 *
 * <p>Given an observation registry, a job is also the observation {@value #JOB_OBSERVATION}, tagged
 * {@code vendor} and {@code outcome} as its {@code lipsync.jobs} timer is ({@value #LEFT} when it went
 * on in another gateway), so that a trace names the vendor that ran it.
 *
 * <p>Make one instance per registry: Micrometer keeps the first gauge registered under a name and tags,
 * so a second instance's {@code lipsync.jobs.active} would not be seen. Thread-safe.
 */
final class GatewayMetrics {
  static final String JOBS = "lipsync.jobs";
  static final String JOBS_ACTIVE = "lipsync.jobs.active";
  static final String FAILOVERS = "lipsync.failovers";
  static final String POLLS = "lipsync.polls";
  static final String COST = "lipsync.cost";
  static final String CIRCUIT_STATE = "lipsync.circuit.state";
  static final String CALLBACKS = "lipsync.callbacks";
  static final String TASKS_IN_FLIGHT = "lipsync.tasks.in_flight";
  static final String TASKS_WAITING = "lipsync.tasks.waiting";
  /** The observation of a job, from its start to its end; its vendor calls ({@link MeteredProvider#VENDOR_CALL}) are its children. */
  static final String JOB_OBSERVATION = "lipsync.job";
  /** The outcome of a job that left this gateway to go on in another one (on a shared job store). */
  static final String LEFT = "left";

  /** The outcome of whatever succeeded: a call, a callback, a job. */
  static final String SUCCESS = "success";
  /** The outcome of whatever was cancelled before it ended. */
  static final String CANCELLED = "cancelled";
  /** The outcome of a failure that is none of the library's kinds: this process's, not a vendor's. */
  static final String ERROR = "error";

  private final MeterRegistry registry;
  private final ObservationRegistry observations;
  private final AtomicInteger active = new AtomicInteger();
  /** The poll counter of each vendor, kept: polls are the one meter recorded many times per job. */
  private final Map<String, Counter> polls = new ConcurrentHashMap<>();

  private GatewayMetrics(MeterRegistry registry, ObservationRegistry observations) {
    this.registry = registry;
    this.observations = observations;
    Gauge.builder(JOBS_ACTIVE, active, AtomicInteger::get)
        .description("Lip-sync jobs started and not yet finished")
        .strongReference(true)
        .register(registry);
  }

  /** Metrics recorded in {@code registry}. */
  static GatewayMetrics of(MeterRegistry registry) {
    return of(registry, ObservationRegistry.NOOP);
  }

  /** Metrics recorded in {@code registry}, and jobs observed in {@code observations}. */
  static GatewayMetrics of(MeterRegistry registry, ObservationRegistry observations) {
    return new GatewayMetrics(
        Objects.requireNonNull(registry, "registry == null"),
        Objects.requireNonNull(observations, "observations == null"));
  }

  /**
   * A job started: one more in {@code lipsync.jobs.active}, and its observation {@code lipsync.job},
   * child of the observation current on this thread (the application's request, say), to start with
   * its first vendor call ({@link JobObservation}).
   *
   * @return the job's observation, to pass to {@link #jobFinished(JobObservation, String, String,
   *     Duration)} or {@link #jobLeft(JobObservation)}; a no-op without an observation registry
   */
  JobObservation jobStarted() {
    active.incrementAndGet();
    return new JobObservation(observations);
  }

  /** A job left this gateway, ended by another one, where it is timed: one fewer active, nothing timed. */
  void jobLeft() {
    active.decrementAndGet();
  }

  /** As {@link #jobLeft()}, and the job's observation stopped with outcome {@value #LEFT} where it started. */
  void jobLeft(JobObservation job) {
    jobLeft();
    job.left();
  }

  /**
   * As {@link #jobFinished(String, String, Duration)}, and the job's observation stopped with the same
   * {@code vendor} and {@code outcome} tags as the timer, so that a trace names the vendor that ran it.
   */
  void jobFinished(JobObservation job, @Nullable String vendor, String outcome, Duration elapsed) {
    jobFinished(vendor, outcome, elapsed);
    job.finished(vendorTag(vendor), outcome);
  }

  /** The {@code vendor} tag of a job: the vendor's id, or {@code none} when no vendor took it. */
  static String vendorTag(@Nullable String vendor) {
    return vendor == null ? "none" : vendor;
  }

  /**
   * A job finished: timed in {@code lipsync.jobs}, and one fewer in {@code lipsync.jobs.active}.
   *
   * @param vendor the vendor that served (or last tried) the job, or null when none did
   * @param outcome how it ended, from a small fixed set such as {@code succeeded} or a {@link
   *     FailureKind#tag()}
   * @param elapsed from the job's start to its end
   */
  void jobFinished(@Nullable String vendor, String outcome, Duration elapsed) {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(elapsed, "elapsed == null");
    active.decrementAndGet();
    Timer.builder(JOBS)
        .description("Lip-sync jobs, from start to end")
        .tag("vendor", vendorTag(vendor))
        .tag("outcome", outcome)
        .register(registry)
        .record(elapsed);
  }

  /** A job moved from vendor {@code from} to vendor {@code to} because of {@code reason}. */
  void failover(String from, String to, FailureKind reason) {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(reason, "reason == null");
    Counter.builder(FAILOVERS)
        .description("Jobs moved from one vendor to another")
        .tag("from", from)
        .tag("to", to)
        .tag("reason", reason.tag())
        .register(registry)
        .increment();
  }

  /**
   * Counts a callback and what became of it.
   *
   * @param vendor a configured vendor's id, or {@code unknown}: never a name a caller made up
   * @param verdict a {@link CallbackVerdict#tag()}, {@code unknown-task} or {@code malformed}
   */
  void callback(String vendor, String verdict) {
    Counter.builder(CALLBACKS)
        .description("Vendor callbacks, by what became of them")
        .tag("vendor", vendor)
        .tag("verdict", verdict)
        .register(registry)
        .increment();
  }

  /** A task's status was polled at {@code vendor}. */
  void poll(String vendor) {
    Objects.requireNonNull(vendor, "vendor == null");
    polls
        .computeIfAbsent(vendor, v -> Counter.builder(POLLS)
            .description("Status polls of lip-sync tasks")
            .tag("vendor", v)
            .register(registry))
        .increment();
  }

  /**
   * A job at {@code vendor} is estimated to have cost {@code usd} US dollars.
   *
   * @throws IllegalArgumentException if {@code usd} is negative
   */
  void cost(String vendor, BigDecimal usd) {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(usd, "usd == null");
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("usd is " + usd + " but a cost cannot be negative");
    }
    Counter.builder(COST)
        .description("Estimated cost of lip-sync jobs")
        .baseUnit("usd")
        .tag("vendor", vendor)
        .register(registry)
        .increment(usd.doubleValue());
  }

  /**
   * Reports {@code provider}'s circuit in the gauge {@code lipsync.circuit.state} tagged {@code
   * vendor}: 0 closed, 1 half-open, 2 open. The gauge holds the provider; watching the same vendor
   * again keeps the first registration.
   */
  void watchCircuit(String vendor, ResilientProvider provider) {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(provider, "provider == null");
    Gauge.builder(CIRCUIT_STATE, provider, GatewayMetrics::circuitValue)
        .description("A vendor's circuit: 0 closed, 1 half-open, 2 open")
        .tag("vendor", vendor)
        .strongReference(true)
        .register(registry);
  }

  /** Reports a vendor's tasks in flight and the jobs waiting for a slot there, as two gauges. */
  void watchSlots(String vendor, TaskSlots slots) {
    Gauge.builder(TASKS_IN_FLIGHT, slots, TaskSlots::inFlight)
        .description("The gateway's tasks at a vendor, from submitted until they end")
        .tag("vendor", vendor)
        .strongReference(true)
        .register(registry);
    Gauge.builder(TASKS_WAITING, slots, TaskSlots::waiting)
        .description("Jobs waiting for a slot at a vendor whose tasks in flight are limited")
        .tag("vendor", vendor)
        .strongReference(true)
        .register(registry);
  }

  private static double circuitValue(ResilientProvider provider) {
    return circuitValue(provider.circuitState());
  }

  static double circuitValue(ResilientProvider.CircuitState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** The outcome tag of a failure: its kind's tag, {@value #CANCELLED} or {@value #ERROR}. */
  static String outcomeOf(Throwable failure) {
    Throwable cause = LipSyncException.causeOf(failure);
    if (cause instanceof LipSyncException known) {
      return known.kind().tag();
    }
    if (cause instanceof CancellationException) {
      return CANCELLED;
    }
    return ERROR;
  }
}
