package dev.lipsync.core.gateway;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A job's observation ({@value GatewayMetrics#JOB_OBSERVATION}), started only once the job does
 * something a trace should show: its first vendor call, or its end. A run that only stands for a job
 * ended or carried on elsewhere (the handle {@code gateway.job(key)} gives of a job found in the store)
 * never starts it, so it records nothing rather than a span of no length. Its parent is the
 * observation current where the run was made (the application's request, say), kept until it starts,
 * since the job's first call starts on another thread. A no-op without an observation registry.
 * Thread-safe.
 */
final class JobObservation {
  private final Observation observation;
  /** Without a registry nothing observes: a call then opens no scope (a no-op observation still would). */
  private final boolean noop;
  private boolean started;

  JobObservation(ObservationRegistry registry) {
    this.noop = registry.isNoop();
    this.observation = Observation.createNotStarted(GatewayMetrics.JOB_OBSERVATION, registry)
        .parentObservation(registry.getCurrentObservation())
        .lowCardinalityKeyValue("vendor", GatewayMetrics.vendorTag(null));
  }

  /**
   * Makes a vendor call within the job's observation, started now if the job had not started it, so
   * that the call's own observation ({@link MeteredProvider#VENDOR_CALL}) takes it as parent.
   */
  <T> CompletableFuture<T> scoped(Supplier<CompletableFuture<T>> call) {
    return noop ? call.get() : started().scoped(call);
  }

  /** Ends it with the vendor and the outcome, starting it first where no call did (a job no vendor took). */
  void finished(String vendor, String outcome) {
    Observation job = started();
    job.lowCardinalityKeyValue("vendor", vendor);
    job.lowCardinalityKeyValue("outcome", outcome);
    job.stop();
  }

  /** Ends it with {@code outcome} {@value GatewayMetrics#LEFT}, where the job had started it. */
  void left() {
    synchronized (this) {
      if (!started) {
        return;
      }
    }
    observation.lowCardinalityKeyValue("outcome", GatewayMetrics.LEFT);
    observation.stop();
  }

  private synchronized Observation started() {
    if (!started) {
      observation.start();
      started = true;
    }
    return observation;
  }
}
