package dev.lipsync.testkit;

import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;

/**
 * What the contract suite gives an adapter test to build its provider with.
 *
 * @param baseUrl the simulator's base URL (plain http on loopback)
 * @param apiKey the key to configure (the simulator's own, or a wrong one)
 * @param scheduler the scheduler (a {@link dev.lipsync.core.tracking.ManualScheduler}) for any polling
 *     the adapter does itself
 * @param requestTimeout the per-call timeout to configure
 */
public record ProviderFixture(
    String baseUrl, String apiKey, TaskScheduler scheduler, Duration requestTimeout) {}
