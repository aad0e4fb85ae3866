package dev.lipsync.kling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.KlingSimulator;
import dev.lipsync.testkit.LipSyncProviderContract;
import dev.lipsync.testkit.ProviderFixture;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.VendorSimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract suite against {@link KlingSimulator}, which checks the token on every call. The suite's
 * key is the access key; the secret key is this test's own. Its tokens are dated by the suite's manual
 * clock, the one the simulator checks them by. Like Kling, the provider dubs one face per task, so the
 * suite checks that two faces are refused unsent. Text is spoken by {@code /v1/audio/tts} first and
 * dubbed by its audio id, as the gateway does; the suite's own audio id ({@code audio-123}) is one the
 * account made elsewhere, which the simulator is told of, as it refuses ids it never made. The tests
 * below add a text job through the gateway, speech then lip-sync, and the simulator's refusals.
 */
class KlingContractTest extends LipSyncProviderContract {
  static final String SECRET_KEY = "contract-secret-9d41c07be28f4a1d8e35";

  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    KlingSimulator simulator = new KlingSimulator(apiKey, SECRET_KEY, clock);
    simulator.knownAudio("audio-123");
    return simulator;
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

  // ---- text to speech through the gateway ----------------------------------------------------

  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  @Test
  void should_dub_the_second_face_by_text_through_the_gateway_as_speech_then_lip_sync() throws IOException {
    simulator.faces(SimFace.defaults());
    LipSyncGateway gateway = LipSyncGateway.builder().scheduler(clock).provider(provider).build();
    String text = "Hello, welcome to my channel";
    LipSyncJob job = LipSyncJob.builder().video(video())
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2))
            .audio(AudioSource.speech(text, "oversea_male1", VoiceLanguage.EN).withSpeed(1.25)).build())
        .build();

    LipSyncResult result = await(gateway.run(job).result());

    List<String> spoken = kling().spokenAudioIds();
    assertThat(spoken).hasSize(1);
    String audioId = spoken.get(0);
    VendorSimulator.Recorded tts = simulator.requests().stream()
        .filter(r -> r.request().getUrl().encodedPath().equals("/v1/audio/tts")).collect(onlyOne());
    assertThat(tts.request().getHeaders().get("Authorization")).startsWith("Bearer ey");
    assertThat(JSON.fromJson(tts.body())).isEqualTo(Map.of(
        "text", text, "voice_id", "oversea_male1", "voice_language", "en", "voice_speed", 1.25));

    Map<String, Object> submit = JSON.fromJson(simulator.requests(Endpoint.SUBMIT).stream().collect(onlyOne()).body());
    assertThat((List<?>) submit.get("face_choose")).singleElement().satisfies(face -> {
      Map<?, ?> chosen = (Map<?, ?>) face;
      assertThat(chosen.get("audio_id")).isEqualTo(audioId);
      assertThat(chosen.get("face_id")).as("ben's face id").isEqualTo("kling-ben");
      assertThat(chosen.containsKey("sound_file")).isFalse();
      assertThat(chosen.get("sound_start_time")).isEqualTo(0.0);
      assertThat(chosen.get("sound_end_time"))
          .isEqualTo((double) KlingSimulator.spokenLength(text, 1.25).toMillis());
    });
    assertThat(result.vendor()).isEqualTo("kling");
    assertThat(result.attempts()).extracting(Attempt::outcome, Attempt::taskRef).containsExactly(
        tuple(Attempt.Outcome.SPOKEN, new TaskRef("kling", audioId)),
        tuple(Attempt.Outcome.SUCCEEDED, result.taskRef()));
    // The task's units, the identification's and the speech's, as the simulator bills them.
    assertThat(result.billedUnits()).isEqualByComparingTo(new BigDecimal(VendorSimulator.KLING_TASK_UNITS)
        .add(new BigDecimal(VendorSimulator.KLING_IDENTIFY_UNITS)).add(new BigDecimal(KlingSimulator.KLING_TTS_UNITS)));
  }

  @Test
  void should_refuse_an_audio_id_that_no_speech_made_with_1201() {
    FaceSession session = identify();
    SubmitRequest request = new SubmitRequest(session, List.of(ResolvedDub.of(Dub.builder()
        .audio(AudioSource.vendorAudio("never-spoken")).clip(0, 3_000).build(), session.faces().get(0))),
        null, "unknown-audio");

    Throwable failure = failure(provider.submit(request));

    assertThat(failure).isInstanceOf(InvalidRequestException.class);
    assertThat(((LipSyncException) failure).vendorCode()).isEqualTo("1201");
    assertThat(((LipSyncException) failure).vendorMessage()).contains("audio_id never-spoken does not exist");
    assertThat(simulator.tasks()).as("no task created").isEmpty();
  }

  @Test
  void should_check_the_token_on_text_to_speech_too() {
    KlingProvider forged = KlingProvider.builder()
        .accessKey(simulator.apiKey())
        .secretKey("another-secret-0123456789abcdef0123")
        .clock(new SchedulerClock(clock))
        .baseUrl(simulator.baseUrl())
        .build();

    Throwable failure = TestSupport.failure(
        forged.speak(AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN)));

    assertThat(failure).isInstanceOf(AuthenticationException.class);
    assertThat(((LipSyncException) failure).vendorCode()).isEqualTo("1000");
    assertThat(kling().spokenAudioIds()).isEmpty();
  }

  private KlingSimulator kling() {
    return (KlingSimulator) simulator;
  }

  private static <T> Collector<T, ?, T> onlyOne() {
    return Collectors.collectingAndThen(Collectors.toList(), list -> {
      assertThat(list).hasSize(1);
      return list.get(0);
    });
  }
}
