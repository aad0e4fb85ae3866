package dev.lipsync.core.gateway;

import dev.lipsync.core.provider.LipSyncProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configured vendor as the gateway holds it: the provider decorated once ({@code
 * Metered(Resilient(adapter))}), its resilience layer (for the circuit state), its weight, and its
 * recent latency. Thread-safe.
 */
final class Vendor {
  /** Weight of the newest sample in the moving average of latency. */
  private static final double LATENCY_WEIGHT = 0.3;

  private final LipSyncProvider provider;
  private final ResilientProvider resilient;
  private final double weight;
  private final TaskSlots slots;
  private final AtomicLong latencyNanos = new AtomicLong(-1);

  Vendor(LipSyncProvider provider, ResilientProvider resilient, double weight) {
    this.provider = provider;
    this.resilient = resilient;
    this.weight = weight;
    this.slots = new TaskSlots(resilient.settings().maxTasksInFlight());
  }

  /** The gateway's tasks in flight here, and the jobs waiting for a slot. */
  TaskSlots slots() {
    return slots;
  }

  String id() {
    return provider.id();
  }

  LipSyncProvider provider() {
    return provider;
  }

  /** How the vendor's failures are decided. */
  FailurePolicy policy() {
    return resilient.policy();
  }

  boolean circuitOpen() {
    return resilient.circuitState() == ResilientProvider.CircuitState.OPEN;
  }

  /** How the vendor stands now: its circuit, its last counted failure, its tasks. */
  VendorHealth health() {
    return resilient.health(slots.inFlight(), slots.waiting());
  }

  double weight() {
    return weight;
  }

  /** The moving average of request latency, or -1 before the first sample. */
  long latencyNanos() {
    return latencyNanos.get();
  }

  void recordLatency(Duration latency) {
    long sample = latency.toNanos();
    latencyNanos.updateAndGet(old -> old < 0 ? sample : (long) (old + LATENCY_WEIGHT * (sample - old)));
  }
}
