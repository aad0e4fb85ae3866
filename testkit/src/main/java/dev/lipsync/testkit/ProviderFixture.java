package dev.lipsync.testkit;

import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * What the contract suite gives an adapter test to build its provider with.
 *
 * @param baseUrl the simulator's base URL (plain http on loopback)
 * @param apiKey the key to configure (the simulator's own, or a wrong one)
 * @param scheduler the scheduler (a {@link dev.lipsync.core.tracking.ManualScheduler}) for any polling
 *     the adapter does itself
 * @param requestTimeout the per-call timeout to configure
 * @param client the OkHttp client the provider must call through ({@code builder.client(client)}): the
 *     suite moves its manual clock only while this client has no call under way, so that no timeout on
 *     the clock overtakes a vendor's answer
 */
public record ProviderFixture(
    String baseUrl, String apiKey, TaskScheduler scheduler, Duration requestTimeout, OkHttpClient client) {}
