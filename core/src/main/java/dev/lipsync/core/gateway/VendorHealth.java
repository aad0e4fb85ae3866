package dev.lipsync.core.gateway;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.LipSyncException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one configured vendor stands, as the gateway sees it now: its circuit, the last failure that
 * counted against it, and the gateway's tasks there. A read-only snapshot from {@link
 * LipSyncGateway#vendorHealth()}, for health checks and dashboards; it names no key, task, URL or
 * message, only the vendor's id, states, class names and counts.
 *
 * <pre>{@code
 * gateway.vendorHealth().forEach((vendor, health) ->
 *     log.info("{}: circuit {}, last failure {}", vendor, health.circuit(), health.lastFailure()));
 * }</pre>
 *
 * @param vendor the vendor's id
 * @param circuit the state of the vendor's circuit breaker
 * @param lastFailure the last failure that counted against the vendor's circuit (outages, timeouts,
 *     rate limits, refused keys or credit, unreadable answers), or null when there was none; a failure
 *     that is the request's fault (an invalid job, a refused content) says nothing of the vendor's
 *     health and is not kept
 * @param tasksInFlight the gateway's tasks at the vendor, from submitted until they end
 * @param tasksWaiting the jobs waiting for a slot at the vendor, where its tasks in flight are limited
 */
public record VendorHealth(
    String vendor, Circuit circuit, @Nullable Failure lastFailure, int tasksInFlight, int tasksWaiting) {

  /** Checks the components. */
  public VendorHealth {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(circuit, "circuit == null");
  }

  /**
   * Whether the vendor is called normally: its circuit is {@linkplain Circuit#CLOSED closed}. A
   * half-open circuit is not, until its trial call has succeeded.
   */
  public boolean available() {
    return circuit == Circuit.CLOSED;
  }

  /** The state of a vendor's circuit breaker (see {@link ResilienceSettings}). */
  public enum Circuit {
    /** The vendor is called normally. */
    CLOSED,
    /**
     * The circuit was open and its delay has passed: the next call goes through as a trial, and its
     * outcome closes or reopens the circuit.
     */
    HALF_OPEN,
    /** The vendor failed repeatedly: calls fail at once, without reaching it, until the delay passes. */
    OPEN
  }

  /**
   * A failure that counted against a vendor, named as the library names it.
   *
   * @param type the simple name of the failure's class, such as {@code RateLimitedException} or {@code
   *     UnavailableException}
   * @param kind its row in the failure table, such as {@link FailureKind#RATE_LIMITED}
   * @param at when it came, on the gateway's scheduler's clock
   */
  public record Failure(String type, FailureKind kind, Instant at) {
    /** Checks the components. */
    public Failure {
      Objects.requireNonNull(type, "type == null");
      Objects.requireNonNull(kind, "kind == null");
      Objects.requireNonNull(at, "at == null");
    }

    /** The failure {@code error} was, at {@code at}: its class and kind, never its message. */
    static Failure of(LipSyncException error, Instant at) {
      return new Failure(error.getClass().getSimpleName(), error.kind(), at);
    }
  }
}
