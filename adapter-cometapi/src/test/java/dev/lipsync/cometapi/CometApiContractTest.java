package dev.lipsync.cometapi;

import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.LipSyncProviderContract;
import dev.lipsync.testkit.ProviderFixture;
import dev.lipsync.testkit.VendorSimulator;

/**
 * The contract suite against {@link CometApiSimulator}. Its video is a public URL, except in the speech
 * tests: CometAPI's text mode is the older lip-sync endpoint, which takes only a Kling video id with the
 * id of the task that generated it, and a session of exactly one face, so {@link #speechVideo()} is such
 * a video and the suite's speech test runs against that endpoint. The rest of the older endpoint is
 * covered against the same simulator by {@code CometApiLegacyFlowTest}. Like Kling behind it, the
 * provider dubs one face per task by default, so the suite checks that two faces are refused unsent.
 */
class CometApiContractTest extends LipSyncProviderContract {

  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    return new CometApiSimulator(apiKey, clock);
  }

  @Override
  protected LipSyncProvider createProvider(ProviderFixture fixture) {
    return CometApiProvider.builder()
        .apiKey(fixture.apiKey())
        .baseUrl(fixture.baseUrl())
        .requestTimeout(fixture.requestTimeout())
        .readTimeout(fixture.requestTimeout())
        .client(fixture.client())
        .build();
  }

  @Override
  protected VideoSource speechVideo() {
    return VideoSource.vendorVideo("1f936158-ea15-4775-84c9-78391705b734").withTaskId("CjilGmfJXYIAAAAAADleeQ");
  }

  @Override
  protected boolean supportsSpeech() {
    return true;
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
