/**
 * The gateway: what applications use. {@link dev.lipsync.core.gateway.LipSyncGateway} takes a {@link
 * dev.lipsync.core.model.LipSyncJob} to a finished video on whichever configured vendor can serve it:
 * it routes by capability, circuit state and strategy, carries the job through identification, face
 * choice, submit and tracking, fails over as the failure table says, and never pays twice for one job.
 */
@NullMarked
package dev.lipsync.core.gateway;

import org.jspecify.annotations.NullMarked;
