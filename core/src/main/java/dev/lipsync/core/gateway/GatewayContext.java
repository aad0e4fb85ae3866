package dev.lipsync.core.gateway;

import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.tracking.PollSchedule;
import java.time.Duration;
import java.util.Map;

/**
 * What every job of one gateway shares: the tracker and its clock, the metrics, the settings, the
 * tasks being tracked (so callbacks find them), the store its jobs are written to and the terms of
 * its leases on them.
 *
 * @param pictures fetches the face pictures a job compares
 * @param durable whether the store was given by the application, and may outlive this gateway: then
 *     jobs are leased and recovered, and a task past its job's deadline is still followed
 */
record GatewayContext(
    TaskTracker tracker,
    GatewayMetrics metrics,
    PollSchedule pollSchedule,
    Duration defaultTimeout,
    Map<TaskRef, Tracking> trackings,
    JobStore jobs,
    Leasing leasing,
    PictureFetcher pictures,
    boolean durable) {}
