package dev.lipsync.alad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.LipSyncProviderContract;
import dev.lipsync.testkit.ProviderFixture;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract suite against {@link AladSimulator}, run once per status shape by the two subclasses.
 * alad speaks text; it takes no audio bytes or ids, dubs one face per task, cannot choose the face
 * (so the suite's simulated video shows one person), posts no documented callbacks, and takes no
 * idempotency key. The tests below add the refusals the suite has no hook for.
 */
abstract class AladContractTest extends LipSyncProviderContract {

  /** The status shape the simulator answers in. */
  abstract AladSimulator.Shape shape();

  @Override
  protected VendorSimulator createSimulator(String apiKey, ManualScheduler clock) {
    return new AladSimulator(apiKey, clock, shape());
  }

  @Override
  protected LipSyncProvider createProvider(ProviderFixture fixture) {
    return AladProvider.builder()
        .apiKey(fixture.apiKey())
        .baseUrl(fixture.baseUrl())
        .requestTimeout(fixture.requestTimeout())
        .client(fixture.client())
        .build();
  }

  @Override
  protected boolean supportsSpeech() {
    return true;
  }

  @Override
  protected boolean supportsFaceChoice() {
    return false;
  }

  // ---- alad's own ----------------------------------------------------------------------------

  @Test
  void should_list_faces_with_the_simulated_boxes() {
    simulator.faces(SimFace.defaults());

    FaceSession session = identify();

    assertThat(session.faces()).extracting(f -> f.box().x(), f -> f.box().y(), f -> f.box().area())
        .containsExactly(
            tuple(100, 80, 120L * 150),
            tuple(200, 80, 180L * 220));
  }

  @Test
  void should_send_the_session_in_input_and_nothing_else_in_audio_mode() {
    FaceSession session = identify();

    await(provider.submit(request(session, audio())));

    assertThat(simulator.lastTask().request())
        .isEqualTo(Map.of("session_id", session.sessionId(), "audio_url", "https://example.com/line.mp3"));
  }

  @Test
  void should_refuse_a_voice_speed_it_cannot_set_with_nothing_sent() {
    FaceSession session = identify();
    AudioSource fast = AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN).withSpeed(1.5);

    Throwable failure = failure(provider.submit(request(session, fast)));

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("cannot change the voice's speed (1.5)");
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  @Test
  void should_refuse_a_session_of_several_faces_even_for_one_dub_with_nothing_sent() {
    simulator.faces(SimFace.defaults());
    FaceSession session = identify();
    assertThat(session.faces()).hasSize(2);

    Throwable failure = failure(provider.submit(request(session, audio())));

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("cannot choose a face");
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"clip", "insert time", "volume", "original volume"})
  void should_refuse_mix_settings_it_has_no_field_for_with_nothing_sent(String setting) {
    FaceSession session = identify();
    Dub.Builder dub = Dub.builder().audio(audio());
    switch (setting) {
      case "clip" -> dub.clip(0, 3_000);
      case "insert time" -> dub.insertAtMs(500);
      case "volume" -> dub.volume(1.5);
      default -> dub.originalVolume(0.2);
    }
    SubmitRequest request = new SubmitRequest(
        session, List.of(ResolvedDub.of(dub.build(), session.faces().get(0))), null, "k-" + setting.length());

    Throwable failure = failure(provider.submit(request));

    assertThat(failure).isInstanceOf(NotSupportedException.class);
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  @Test
  void should_parse_the_body_alad_would_post_in_this_shape() {
    simulator.script(TaskScript.fails("Face detection failed: no faces found"));
    TaskRef ref = await(provider.submit(request(identify(), audio())));
    SimulatedTask task = simulator.lastTask();

    TaskSnapshot running = provider.parseCallback(simulator.callbackBody(task.id()));
    task.finish(false);
    TaskSnapshot failed = provider.parseCallback(simulator.callbackBody(task.id()));
    task.finish(true);
    TaskSnapshot succeeded = provider.parseCallback(simulator.callbackBody(task.id()));

    assertThat(running.ref()).isEqualTo(ref);
    assertThat(running.state()).isEqualTo(TaskState.QUEUED);
    assertThat(failed.state()).isEqualTo(TaskState.FAILED);
    assertThat(failed.failure().message()).isEqualTo("Face detection failed: no faces found");
    assertThat(succeeded.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(succeeded.videos()).isNotEmpty();
  }
}
