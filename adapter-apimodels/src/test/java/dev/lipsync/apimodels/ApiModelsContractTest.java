package dev.lipsync.apimodels;

import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.LipSyncProviderContract;
import dev.lipsync.testkit.ProviderFixture;
import dev.lipsync.testkit.VendorSimulator;

/**
 * The behaviour every adapter shows, against {@link ApiModelsSimulator}. Identification polls an
 * identify task on the fixture's manual scheduler, which the suite moves on while it waits.
 */
class ApiModelsContractTest extends LipSyncProviderContract {

  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    return new ApiModelsSimulator(apiKey, clock);
  }

  @Override
  protected LipSyncProvider createProvider(ProviderFixture fixture) {
    return builder(fixture).variant(variant()).build();
  }

  /** The variant of the API the provider speaks and the simulator serves. */
  protected ApiModelsProvider.Variant variant() {
    return ApiModelsProvider.Variant.STANDARD;
  }

  /** A builder configured as the fixture says, its variant not yet chosen. */
  static ApiModelsProvider.Builder builder(ProviderFixture fixture) {
    return ApiModelsProvider.builder()
        .apiKey(fixture.apiKey())
        .baseUrl(fixture.baseUrl())
        .scheduler(fixture.scheduler())
        .requestTimeout(fixture.requestTimeout())
        .client(fixture.client());
  }

  /** One POST per terminal state to {@code callback_url}. */
  @Override
  protected boolean supportsCallbacks() {
    return true;
  }
}
