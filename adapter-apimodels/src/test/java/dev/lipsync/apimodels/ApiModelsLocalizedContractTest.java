package dev.lipsync.apimodels;

import static dev.lipsync.apimodels.TestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.apimodels.ApiModelsProvider.Variant;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.ProviderFixture;
import dev.lipsync.testkit.VendorSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole contract again, in the variant of the API the vendor's localized (ru) page documents: its
 * path, its lip-sync model, camelCase fields, and the identify result inside {@code resultJson}. The
 * simulator then refuses the standard variant's path, model and field names, so every contract test
 * passing means the provider spoke the localized variant throughout.
 */
class ApiModelsLocalizedContractTest extends ApiModelsContractTest {
  private static final String LOCALIZED_PATH = "/api/v1/video/generations";

  /** The fixture the suite built the provider with, for building another with the other variant. */
  private ProviderFixture fixture;

  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    return new ApiModelsSimulator(apiKey, clock).localized(true);
  }

  @Override
  protected LipSyncProvider createProvider(ProviderFixture fixture) {
    this.fixture = fixture;
    return super.createProvider(fixture);
  }

  @Override
  protected Variant variant() {
    return Variant.LOCALIZED;
  }

  @Test
  void should_speak_the_localized_variant_on_every_call() {
    FaceSession session = identify();
    TaskRef ref = await(provider.submit(request(session, audio())));
    clock.advance(Duration.ofHours(1));

    assertThat(pollUntilTerminal(ref).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(session.faces()).as("read from the camelCase resultJson").hasSize(2)
        .allSatisfy(face -> assertThat(face.imageUrl()).isNotNull());
    assertThat(simulator.requests()).isNotEmpty()
        .allSatisfy(recorded -> assertThat(recorded.request().getUrl().encodedPath()).isEqualTo(LOCALIZED_PATH));
    assertThat(json(simulator.requests(Endpoint.IDENTIFY).get(0).body()))
        .isEqualTo(Map.of("model", "kling-identify-face", "videoUrl", "https://example.com/interview.mp4"));
    Map<String, Object> submit = json(simulator.requests(Endpoint.SUBMIT).get(0).body());
    assertThat(submit).containsOnlyKeys("model", "sessionId", "faceChoose")
        .containsEntry("model", "kling-lip-sync-video")
        .containsEntry("sessionId", session.sessionId());
    assertThat((List<?>) submit.get("faceChoose")).singleElement()
        .satisfies(face -> assertThat(List.<Object>copyOf(((Map<?, ?>) face).keySet()))
            .containsExactlyInAnyOrder("faceId", "audioUrl", "soundStartTime", "soundEndTime", "soundInsertTime"));
  }

  @Test
  void should_find_no_endpoint_for_a_provider_speaking_the_standard_variant() {
    LipSyncProvider standard = builder(fixture).variant(Variant.STANDARD).build();

    Throwable failure = failure(standard.identifyFaces(video()));

    assertThat(failure).isInstanceOf(NotFoundException.class);
    assertThat(simulator.count(Endpoint.IDENTIFY)).isZero();
    assertThat(simulator.requests()).singleElement().satisfies(recorded -> {
      assertThat(recorded.endpoint()).isNull();
      assertThat(recorded.request().getUrl().encodedPath()).isEqualTo("/api/v1/audio/generations");
    });
  }

  @Test
  void should_not_be_served_the_localized_variant_by_a_standard_vendor() {
    try (ApiModelsSimulator standardVendor = new ApiModelsSimulator(API_KEY, clock).start()) {
      LipSyncProvider localized = builder(new ProviderFixture(standardVendor.baseUrl(), API_KEY,
          fixture.scheduler(), fixture.requestTimeout(), fixture.client())).variant(Variant.LOCALIZED).build();

      Throwable failure = failure(localized.identifyFaces(video()));

      assertThat(failure).isInstanceOf(NotFoundException.class);
      assertThat(standardVendor.count(Endpoint.IDENTIFY)).isZero();
      assertThat(standardVendor.requests()).singleElement()
          .satisfies(recorded -> assertThat(recorded.request().getUrl().encodedPath()).isEqualTo(LOCALIZED_PATH));
    }
  }
}
