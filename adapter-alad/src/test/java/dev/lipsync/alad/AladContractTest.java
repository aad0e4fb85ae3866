package dev.lipsync.alad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract suite against {@link AladSimulator}, run once per status shape by the two subclasses.
 * alad speaks text; it takes no audio bytes or ids, dubs one face per task, takes no face id (so the
 * suite, whose requests name their face by id, sees a video of one person), posts no documented
 * callbacks, and takes no idempotency key. The tests below add the refusals the suite has no hook for,
 * and alad's way with several people: the face named by its picture, or left to alad.
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

  // ---- several people: the face named by its picture, or left to alad -------------------------

  private static final AudioSource SPEECH =
      AudioSource.speech("Hello, welcome to my channel", "oversea_male1", VoiceLanguage.EN);
  /** CometAPI's picture of ben, as its simulator names it. */
  private static final URI BEN = URI.create("https://cdn.example.com/faces/cometapi-ben.png");

  private AladSimulator alad() {
    return (AladSimulator) simulator;
  }

  /** A submit of one dub saying {@code audio}, on {@code face} as {@code selector} chose it. */
  private static SubmitRequest chosen(FaceSession session, FaceSelector selector, Face face, AudioSource audio) {
    Dub dub = Dub.builder().face(selector).audio(audio).build();
    return new SubmitRequest(session, List.of(ResolvedDub.of(dub, face)), List.of(selector), null, "k-faces");
  }

  @Test
  void should_list_two_or_three_people_with_boxes_and_no_picture_or_times() {
    simulator.faces(SimFace.three());

    FaceSession session = identify();

    assertThat(session.faces()).extracting(Face::id).containsExactly("alad-ana", "alad-ben", "alad-cleo");
    assertThat(session.faces()).allSatisfy(face -> {
      assertThat(face.box()).isNotNull();
      assertThat(face.imageUrl()).isNull();
      assertThat(face.hasTimes()).isFalse();
    });
  }

  @Test
  void should_leave_the_face_to_alad_when_the_dub_names_none_sending_no_picture() {
    simulator.faces(SimFace.defaults());
    FaceSession session = identify();
    assertThat(session.faces()).hasSize(2);

    TaskRef ref = await(provider.submit(chosen(session, FaceSelector.unnamed(), session.faces().get(0), SPEECH)));

    assertThat(pollUntilTerminal(ref).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(simulator.lastTask().request()).isEqualTo(Map.of("session_id", session.sessionId(),
        "text", "Hello, welcome to my channel", "voice_id", "oversea_male1", "voice_language", "en"));
    assertThat(alad().faceImageUrls()).containsExactly(Optional.empty());
    assertThat(alad().personDubbed(ref.taskId())).as("alad's own choice").contains("ana");
  }

  @Test
  void should_name_a_chosen_face_by_its_picture() {
    simulator.faces(SimFace.defaults());
    FaceSession session = identify();
    Face second = session.faces().get(1);
    Face pictured = new Face(second.id(), null, null, BEN, second.box());

    TaskRef ref = await(provider.submit(chosen(session, FaceSelector.nthByAppearance(2), pictured, SPEECH)));

    assertThat(alad().faceImageUrls()).containsExactly(Optional.of(BEN.toString()));
    assertThat(alad().personDubbed(ref.taskId())).contains("ben");
  }

  @Test
  void should_refuse_a_named_face_of_several_without_a_picture_sending_nothing() {
    simulator.faces(SimFace.defaults());
    FaceSession session = identify();

    Throwable failure = failure(provider.submit(
        chosen(session, FaceSelector.nthByAppearance(2), session.faces().get(1), SPEECH)));

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessage(
        "[alad] cannot serve this request: takes no face id, and no picture is known of the face dub[0] names"
            + " (NthByAppearance[n=2]); the vendor found 2 faces in the video");
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
    assertThat(alad().faceImageUrls()).isEmpty();
  }

  @Test
  void should_run_a_text_job_on_a_two_person_video_through_the_gateway_with_alads_choice() {
    simulator.faces(SimFace.defaults());
    LipSyncGateway gateway = LipSyncGateway.builder().scheduler(clock).provider(provider).build();
    LipSyncJob job = LipSyncJob.builder().video(video()).audio(SPEECH).build();

    LipSyncResult result = await(gateway.run(job).result());

    assertThat(result.vendor()).isEqualTo("alad");
    assertThat(result.faceRules()).containsExactly("alad chooses the face: it takes no face id");
    assertThat(alad().faceImageUrls()).containsExactly(Optional.empty());
  }

  @Test
  void should_refuse_a_job_naming_a_face_of_two_through_the_gateway_before_the_paid_call() {
    simulator.faces(SimFace.defaults());
    LipSyncGateway gateway = LipSyncGateway.builder().scheduler(clock).provider(provider).build();
    LipSyncJob job = LipSyncJob.builder().video(video())
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2)).audio(SPEECH).build())
        .build();

    Throwable failure = failure(gateway.run(job).result());

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("it takes no face id, and no picture is known of the face dub[0] names");
    assertThat(simulator.count(Endpoint.IDENTIFY)).isEqualTo(1);
    assertThat(simulator.count(Endpoint.SUBMIT)).as("no create request").isZero();
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
