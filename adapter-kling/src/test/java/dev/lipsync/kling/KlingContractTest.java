package dev.lipsync.kling;

import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.KlingSimulator;
import dev.lipsync.testkit.LipSyncProviderContract;
import dev.lipsync.testkit.ProviderFixture;
import dev.lipsync.testkit.VendorSimulator;

/**
 * The contract suite against {@link KlingSimulator}, which checks the token on every call. The suite's
 * key is the access key; the secret key is this test's own. Its tokens are dated by the suite's manual
 * clock, the one the simulator checks them by. Like Kling, the provider dubs one face per task, so the
 * suite checks that two faces are refused unsent; it speaks no text (Kling's TTS is not part of it yet).
 */
class KlingContractTest extends LipSyncProviderContract {
  static final String SECRET_KEY = "contract-secret-9d41c07be28f4a1d8e35";

  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    return new KlingSimulator(apiKey, SECRET_KEY, clock);
  }

  @Override
  protected LipSyncProvider createProvider(ProviderFixture fixture) {
    return KlingProvider.builder()
        .accessKey(fixture.apiKey())
        .secretKey(SECRET_KEY)
        .clock(new SchedulerClock(fixture.scheduler()))
        .baseUrl(fixture.baseUrl())
        .requestTimeout(fixture.requestTimeout())
        .readTimeout(fixture.requestTimeout())
        .client(fixture.client())
        .build();
  }

  @Override
  protected boolean supportsAudioBytes() {
    return true;
  }

  @Override
  protected boolean supportsVendorAudio() {
    return true;
  }

  @Override
  protected boolean supportsCallbacks() {
    return true;
  }

  @Override
  protected boolean supportsIdempotencyKeys() {
    return true;
  }
}
