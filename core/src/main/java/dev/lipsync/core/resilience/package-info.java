/**
 * Resilience for one vendor: {@link dev.lipsync.core.resilience.ResilientProvider} wraps an adapter in
 * Failsafe policies (retry for calls safe to repeat, a circuit breaker, a per-call timeout, an optional
 * rate limiter) configured by {@link dev.lipsync.core.resilience.ResilienceSettings}.
 *
 * <p>Every delay and timeout runs on core's {@link dev.lipsync.core.tracking.TaskScheduler}, so a test
 * drives them with a {@link dev.lipsync.core.tracking.ManualScheduler} and never waits on the wall
 * clock.
 */
@NullMarked
package dev.lipsync.core.resilience;

import org.jspecify.annotations.NullMarked;
