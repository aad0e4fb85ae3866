/**
 * The gateway: what applications use. {@link dev.lipsync.core.gateway.LipSyncGateway} takes a {@link
 * dev.lipsync.core.model.LipSyncJob} to a finished video on whichever configured vendor can serve it:
 * it routes by capability, circuit state and strategy, carries the job through identification, face
 * choice, submit and tracking, fails over as the failure table says, and never pays twice for one job.
 *
 * <p>Public here is what an application holds: the gateway and its builder, {@link
 * dev.lipsync.core.gateway.JobHandle}, {@link dev.lipsync.core.gateway.JobEvent} and its listener, the
 * settings ({@link dev.lipsync.core.gateway.ResilienceSettings}, {@link
 * dev.lipsync.core.gateway.RoutingStrategy}) and {@link dev.lipsync.core.gateway.CallbackOutcome}. The
 * machinery behind them is package-private beside it: the job's run, routing, the Resilient and Metered
 * decorators, the meters, and task tracking (one scheduler polling every task in flight, callbacks and
 * polls offered alike, state only moving forward).
 */
@NullMarked
package dev.lipsync.core.gateway;

import org.jspecify.annotations.NullMarked;
