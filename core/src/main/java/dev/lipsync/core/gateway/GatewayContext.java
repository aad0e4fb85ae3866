package dev.lipsync.core.gateway;

import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.tracking.PollSchedule;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every job of one gateway shares: the tracker and its clock, the metrics, the settings, the
 * tasks being tracked (so callbacks find them), the store its jobs are written to and the terms of
 * its leases on them.
 *
 * @param pictures fetches the face pictures a job compares
 * @param durable whether the store was given by the application, and may outlive this gateway: then
 *     jobs are leased and recovered, and a task past its job's deadline is still followed
 * @param callbackUrls the callback URL of each vendor, for a job without one of its own; or null
 * @param durations how long tasks took, to place polls by; null when polls keep to {@code pollSchedule}
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
    boolean durable,
    @Nullable Function<String, @Nullable URI> callbackUrls,
    @Nullable TaskDurations durations) {

  private static final Logger log = LoggerFactory.getLogger(GatewayContext.class);

  /**
   * Where {@code vendor} should post about the task {@code job} submits there: the job's own URL, else
   * the vendor's from {@link #callbackUrls}, else none (polling alone). Asked at each submit, so a job
   * that fails over gives each vendor the URL that names it. A vendor's URL that is not an absolute
   * http(s) URL, or a function that throws, leaves that submit to polling; it is logged without the
   * URL, whose path holds a secret.
   */
  @Nullable URI callbackUrl(LipSyncJob job, String vendor) {
    if (job.callbackUrl() != null || callbackUrls == null) {
      return job.callbackUrl();
    }
    URI url;
    try {
      url = callbackUrls.apply(vendor);
    } catch (RuntimeException e) {
      log.warn("No callback URL for {}: the gateway's callbackUrls failed ({}); the task is polled",
          vendor, e.getClass().getSimpleName());
      return null;
    }
    if (url == null) {
      return null;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      log.warn("No callback URL for {}: the gateway's callbackUrls gave one that is not an absolute http(s) URL;"
          + " the task is polled", vendor);
      return null;
    }
    return url;
  }
}
