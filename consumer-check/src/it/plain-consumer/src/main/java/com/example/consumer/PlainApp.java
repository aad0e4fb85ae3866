package com.example.consumer;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.RoutingStrategy;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.store.jdbc.JdbcJobStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * A user's application, written as README.md's "Using it from Java" shows: the gateway from the plain
 * builder over the three vendors. It is main code on purpose: it compiles on the compile-scope class
 * path only (what the three adapters bring), not on the test class path, where the testkit would add
 * lipsync-core and more.
 */
public final class PlainApp {
  private PlainApp() {}

  /**
   * The gateway over the vendors whose keys and base URLs {@code env} holds (as a deployment's
   * environment would), polling on {@code scheduler} by {@code polls}.
   */
  public static LipSyncGateway gateway(
      Map<String, String> env, TaskScheduler scheduler, PollSchedule polls, MeterRegistry meterRegistry) {
    return builder(env, scheduler, polls, meterRegistry).build();
  }

  /** The same gateway, keeping its jobs in the SQLite file {@code jobs}, as README's "Durable jobs" shows. */
  public static LipSyncGateway durableGateway(
      Map<String, String> env, TaskScheduler scheduler, PollSchedule polls, MeterRegistry meterRegistry,
      JdbcJobStore jobs) {
    return builder(env, scheduler, polls, meterRegistry).jobStore(jobs).build();
  }

  private static LipSyncGateway.Builder builder(
      Map<String, String> env, TaskScheduler scheduler, PollSchedule polls, MeterRegistry meterRegistry) {
    return LipSyncGateway.builder()
        .provider(CometApiProvider.builder()
            .apiKey(env.get("COMETAPI_KEY")).baseUrl(env.get("COMETAPI_BASE_URL")).build())
        .provider(ApiModelsProvider.builder()
            .apiKey(env.get("APIMODELS_KEY")).baseUrl(env.get("APIMODELS_BASE_URL"))
            .scheduler(scheduler)           // apimodels polls its face identification itself
            .identifyPollSchedule(polls)
            .build())
        .provider(AladProvider.builder()
            .apiKey(env.get("ALAD_KEY")).baseUrl(env.get("ALAD_BASE_URL")).build())
        .strategy(RoutingStrategy.PRIORITY)
        .meterRegistry(meterRegistry)
        .scheduler(scheduler)
        .pollSchedule(polls);
  }

  /**
   * The first person to appear says the answer at {@code audioUrl}, preferably at {@code vendor}. The
   * gateway measures the audio there before anything is paid, for vendors that require a clip.
   */
  public static LipSyncJob job(String vendor, String audioUrl) {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder()
            .face(FaceSelector.nthByAppearance(1))
            .audio(AudioSource.url(audioUrl))
            .build())
        .preferVendors(vendor)
        .build();
  }
}
