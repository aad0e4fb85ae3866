package dev.lipsync.core.gateway;

/**
 * How the gateway orders the vendors that can serve a job. A job's own preferred vendors always come
 * first, in the job's order.
 */
public enum RoutingStrategy {
  /** The order the vendors were configured in (the default). */
  PRIORITY,
  /** The lowest estimated cost for the job first; vendors with an unknown price last. */
  CHEAPEST,
  /** At random, in proportion to each vendor's configured weight. */
  WEIGHTED_RANDOM,
  /**
   * The lowest recent identification latency first (a moving average). Vendors not yet measured come
   * before the measured ones, in priority order, so that every vendor gets measured.
   */
  LOWEST_LATENCY
}
