package dev.lipsync.integration;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.resilience.ResilienceSettings;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.VendorSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The three vendors' simulators on one manual clock, and gateways built against them. */
final class ThreeVendors implements AutoCloseable {
  static final String KEY = "sk-three-vendors-test";
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  final CometApiSimulator cometapi = new CometApiSimulator(KEY, clock).start();
  final ApiModelsSimulator apimodels = new ApiModelsSimulator(KEY, clock).start();
  final AladSimulator alad = new AladSimulator(KEY, clock).start();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  LipSyncProvider cometapiProvider() {
    return CometApiProvider.builder().apiKey(KEY).baseUrl(cometapi.baseUrl()).requestTimeout(REQUEST_TIMEOUT).build();
  }

  LipSyncProvider apimodelsProvider() {
    return ApiModelsProvider.builder().apiKey(KEY).baseUrl(apimodels.baseUrl()).requestTimeout(REQUEST_TIMEOUT)
        .scheduler(clock).build();
  }

  LipSyncProvider aladProvider() {
    return AladProvider.builder().apiKey(KEY).baseUrl(alad.baseUrl()).requestTimeout(REQUEST_TIMEOUT).build();
  }

  /** A gateway over the three, in the order cometapi, apimodels, alad, on the manual clock. */
  LipSyncGateway.Builder gateway() {
    return gateway(cometapiProvider(), apimodelsProvider(), aladProvider());
  }

  LipSyncGateway.Builder gateway(LipSyncProvider... providers) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(clock)
        .meterRegistry(registry)
        .random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30), 0))
        .resilience(ResilienceSettings.defaults());
    for (LipSyncProvider provider : providers) {
      builder.provider(provider);
    }
    return builder;
  }

  List<VendorSimulator> all() {
    return List.of(cometapi, apimodels, alad);
  }

  /** Submits received across every vendor: what was (or may have been) paid. */
  int submits() {
    return all().stream().mapToInt(s -> s.count(Endpoint.SUBMIT)).sum();
  }

  int requests() {
    return all().stream().mapToInt(s -> s.requests().size()).sum();
  }

  @Override
  public void close() {
    all().forEach(VendorSimulator::close);
  }
}
