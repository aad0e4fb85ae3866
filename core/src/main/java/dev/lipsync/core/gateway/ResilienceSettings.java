package dev.lipsync.core.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ResilientProvider} treats one vendor: how often and how patiently it retries, when its
 * circuit opens, how long a call may take and how fast calls may be sent. Immutable; every value is
 * checked when the settings are made.
 *
 * <pre>{@code
 * ResilienceSettings slow = ResilienceSettings.builder()
 *     .callTimeout(Duration.ofSeconds(120))
 *     .requestsPerSecond(2)
 *     .build();
 * }</pre>
 *
 * @param maxAttempts how many times a call may be made in all, the first included; 1 means no retry
 * @param firstBackoff the wait before the first retry, positive; each further retry waits twice
 *     as long as the one before. Kling asks clients to back off from at least one second. (A retry at
 *     once would hammer a failing vendor, and Failsafe runs a zero-delay retry on the failing call's
 *     own stack, where it cancels the attempt still being completed.)
 * @param maxBackoff the longest backoff; the doubling stops here. Also the longest {@code Retry-After}
 *     the provider waits for itself: a vendor asking for more fails the call at once, so the gateway can
 *     try another vendor instead of holding the job
 * @param jitter how much random wait is added to each backoff, as a fraction of it (0 to 1): 0.2 waits
 *     between 1 and 1.2 times the backoff. Jitter only adds, so no wait is shorter than the backoff
 * @param breakerFailureThreshold how many failures in a row that say the vendor is unwell open the
 *     circuit
 * @param breakerDelay how long an open circuit refuses calls before it lets one trial call through
 * @param callTimeout how long one attempt may take before it is given up. Single HTTP calls are
 *     already bounded by each provider's request timeout; this bounds a whole operation, which at a
 *     vendor that runs identification as a task (apimodels) includes polling that task, hence the
 *     generous default of five minutes
 * @param requestsPerSecond the most calls per second sent to the vendor, spread evenly; 0 means no limit
 * @param retryUnreachable whether face identification and submits are tried again at this vendor
 *     when it could not be reached at all (the connection was refused or could not be made, so nothing
 *     was sent). Off by default: a vendor that refuses connections is rarely back a second later, and
 *     the gateway fails over to the next vendor at once instead of spending the backoff on it. Turn it
 *     on for a gateway with a single vendor, to ride out a restart. Status calls and lookups retry an
 *     unreachable vendor either way: the task is there and nowhere else
 * @param maxTasksInFlight the most of this gateway's tasks at the vendor at once, from submitted until
 *     they end; 0 means no limit. Kling counts an account's tasks in flight per resource pack and
 *     refuses more (1303); with a limit, a job that would exceed it waits for a slot, in order, within
 *     its deadline, instead of being refused. A 1303 that comes anyway (tasks of other processes on the
 *     account) is a wait at the vendor too, never a failover
 */
public record ResilienceSettings(
    int maxAttempts,
    Duration firstBackoff,
    Duration maxBackoff,
    double jitter,
    int breakerFailureThreshold,
    Duration breakerDelay,
    Duration callTimeout,
    double requestsPerSecond,
    boolean retryUnreachable,
    int maxTasksInFlight) {

  private static final ResilienceSettings DEFAULTS =
      new ResilienceSettings(
          3,
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          0.2,
          5,
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          0,
          false,
          0);

  /**
   * Checks every value; see the record's parameters for what each must be.
   *
   * @throws IllegalArgumentException with a sentence naming the value and the rule it breaks
   */
  public ResilienceSettings {
    checkMaxAttempts(maxAttempts);
    checkPositive(firstBackoff, "firstBackoff");
    checkNotNegative(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff (" + maxBackoff + ") is shorter than firstBackoff (" + firstBackoff + ")");
    }
    checkJitter(jitter);
    checkBreakerFailureThreshold(breakerFailureThreshold);
    checkPositive(breakerDelay, "breakerDelay");
    checkPositive(callTimeout, "callTimeout");
    checkRequestsPerSecond(requestsPerSecond);
    checkMaxTasksInFlight(maxTasksInFlight);
  }

  /**
   * Sensible settings for a Kling vendor: 3 attempts, backoff from 1 s doubling up to 30 s with 0.2
   * jitter, the circuit opening after 5 failures in a row for 30 s, a 5 minute call timeout, no rate
   * limit, no limit of tasks in flight, and an unreachable vendor left for the next one rather than
   * tried again.
   */
  public static ResilienceSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether calls are rate limited. */
  public boolean limitsRate() {
    return requestsPerSecond > 0;
  }

  /**
   * Builds {@link ResilienceSettings}; each setter checks its value at once, and {@link #build()}
   * checks the values together. Not thread-safe.
   */
  public static final class Builder {
    private int maxAttempts;
    private Duration firstBackoff;
    private Duration maxBackoff;
    private double jitter;
    private int breakerFailureThreshold;
    private Duration breakerDelay;
    private Duration callTimeout;
    private double requestsPerSecond;
    private boolean retryUnreachable;
    private int maxTasksInFlight;

    private Builder(ResilienceSettings from) {
      this.maxAttempts = from.maxAttempts;
      this.firstBackoff = from.firstBackoff;
      this.maxBackoff = from.maxBackoff;
      this.jitter = from.jitter;
      this.breakerFailureThreshold = from.breakerFailureThreshold;
      this.breakerDelay = from.breakerDelay;
      this.callTimeout = from.callTimeout;
      this.requestsPerSecond = from.requestsPerSecond;
      this.retryUnreachable = from.retryUnreachable;
      this.maxTasksInFlight = from.maxTasksInFlight;
    }

    /** See {@link ResilienceSettings#maxAttempts()}. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = checkMaxAttempts(maxAttempts);
      return this;
    }

    /** See {@link ResilienceSettings#firstBackoff()}. */
    public Builder firstBackoff(Duration firstBackoff) {
      this.firstBackoff = checkPositive(firstBackoff, "firstBackoff");
      return this;
    }

    /** See {@link ResilienceSettings#maxBackoff()}. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = checkNotNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /** See {@link ResilienceSettings#jitter()}. */
    public Builder jitter(double jitter) {
      this.jitter = checkJitter(jitter);
      return this;
    }

    /** See {@link ResilienceSettings#breakerFailureThreshold()}. */
    public Builder breakerFailureThreshold(int breakerFailureThreshold) {
      this.breakerFailureThreshold = checkBreakerFailureThreshold(breakerFailureThreshold);
      return this;
    }

    /** See {@link ResilienceSettings#breakerDelay()}. */
    public Builder breakerDelay(Duration breakerDelay) {
      this.breakerDelay = checkPositive(breakerDelay, "breakerDelay");
      return this;
    }

    /** See {@link ResilienceSettings#callTimeout()}. */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = checkPositive(callTimeout, "callTimeout");
      return this;
    }

    /** See {@link ResilienceSettings#requestsPerSecond()}. */
    public Builder requestsPerSecond(double requestsPerSecond) {
      this.requestsPerSecond = checkRequestsPerSecond(requestsPerSecond);
      return this;
    }

    /** See {@link ResilienceSettings#retryUnreachable()}. */
    public Builder retryUnreachable(boolean retryUnreachable) {
      this.retryUnreachable = retryUnreachable;
      return this;
    }

    /** See {@link ResilienceSettings#maxTasksInFlight()}; 0 for no limit. */
    public Builder maxTasksInFlight(int maxTasksInFlight) {
      this.maxTasksInFlight = checkMaxTasksInFlight(maxTasksInFlight);
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException if {@code maxBackoff} is shorter than {@code firstBackoff}
     */
    public ResilienceSettings build() {
      return new ResilienceSettings(
          maxAttempts,
          firstBackoff,
          maxBackoff,
          jitter,
          breakerFailureThreshold,
          breakerDelay,
          callTimeout,
          requestsPerSecond,
          retryUnreachable,
          maxTasksInFlight);
    }
  }

  private static int checkMaxTasksInFlight(int maxTasksInFlight) {
    if (maxTasksInFlight < 0) {
      throw new IllegalArgumentException(
          "maxTasksInFlight is " + maxTasksInFlight + " but must not be negative (0 means no limit)");
    }
    return maxTasksInFlight;
  }

  private static int checkMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "maxAttempts is " + maxAttempts + " but must be at least 1 (1 means no retry)");
    }
    return maxAttempts;
  }

  private static Duration checkNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name + " == null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " is " + duration + " but must not be negative");
    }
    return duration;
  }

  private static Duration checkPositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name + " == null");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " is " + duration + " but must be positive");
    }
    return duration;
  }

  private static double checkJitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter is " + jitter + " but must be between 0 and 1");
    }
    return jitter;
  }

  private static int checkBreakerFailureThreshold(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException(
          "breakerFailureThreshold is " + threshold + " but must be at least 1");
    }
    return threshold;
  }

  private static double checkRequestsPerSecond(double requestsPerSecond) {
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requestsPerSecond is " + requestsPerSecond + " but must be 0 (no limit) or a positive number");
    }
    return requestsPerSecond;
  }
}
