package com.example.consumer;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.guice.GatewayModule;
import dev.lipsync.core.guice.VendorModule;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.util.Map;

/**
 * A user's application, written as README.md's "Using it from Java" shows Guice users: one {@link
 * VendorModule} per adapter, and {@link GatewayModule}. It is main code on purpose: it compiles on the
 * compile-scope class path only (the three adapters and the Guice this project declares), not on the
 * test class path, where the testkit would add lipsync-core and more.
 */
public final class GuiceApp {
  private GuiceApp() {}

  /**
   * The injector providing the gateway over the vendors whose keys and base URLs {@code env} holds
   * (as a deployment's environment would), polling on {@code scheduler} by {@code polls}.
   */
  public static Injector injector(Map<String, String> env, TaskScheduler scheduler, PollSchedule polls) {
    return Guice.createInjector(
        VendorModule.of(CometApiProvider.fromEnvironment(env)),
        // Built rather than read from env: apimodels polls its face identification on the scheduler given.
        VendorModule.of(ApiModelsProvider.builder()
            .apiKey(env.get("APIMODELS_KEY")).baseUrl(env.get("APIMODELS_BASE_URL"))
            .scheduler(scheduler)
            .identifyPollSchedule(polls)
            .build()),
        VendorModule.of(AladProvider.fromEnvironment(env)),
        new GatewayModule().configure(gateway -> gateway.scheduler(scheduler).pollSchedule(polls)));
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
