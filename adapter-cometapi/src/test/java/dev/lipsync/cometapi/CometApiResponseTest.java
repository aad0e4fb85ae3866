package dev.lipsync.cometapi;

import static dev.lipsync.testkit.LoopbackTests.await;
import static dev.lipsync.testkit.LoopbackTests.failure;
import static dev.lipsync.testkit.LoopbackTests.json;
import static dev.lipsync.cometapi.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The documented answers, verbatim, and each variant the vendor reference names, mapped to core records. */
class CometApiResponseTest {
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/interview.mp4");
  private static final TaskRef ADVANCED_REF = new TaskRef("cometapi", "842250903629086785");
  private static final Instant CREATED = Instant.ofEpochMilli(1722769557708L);

  private final MockWebServer server = new MockWebServer();
  private CometApiProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = TestSupport.provider(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- identify ------------------------------------------------------------------------------

  @Test
  void should_map_the_identify_answer_to_a_session_with_times_and_thumbnails() {
    server.enqueue(json(200, resource("identify-answer.json")));

    FaceSession session = await(provider.identifyFaces(VIDEO));

    assertThat(session.vendor()).isEqualTo("cometapi");
    assertThat(session.sessionId()).isEqualTo("829781245349371969");
    assertThat(session.video()).isEqualTo(VIDEO);
    assertThat(session.faces()).containsExactly(
        new Face("0", 0L, 5_200L, URI.create("https://p1-kling.klingai.com/kcdn/faces/0.png"), null),
        new Face("1", 2_100L, 9_000L, URI.create("https://p1-kling.klingai.com/kcdn/faces/1.png"), null));
  }

  @Test
  void should_map_a_face_given_only_by_id() {
    server.enqueue(json(200, resource("identify-answer-sparse.json")));

    FaceSession session = await(provider.identifyFaces(VIDEO));

    assertThat(session.sessionId()).isEqualTo("829781245349371970");
    assertThat(session.faces()).containsExactly(Face.of("7"));
  }

  @Test
  void should_read_the_faces_a_relay_lists_under_face_list() {
    server.enqueue(json(200, resource("identify-answer-face-list.json")));

    FaceSession session = await(provider.identifyFaces(VIDEO));

    assertThat(session.sessionId()).isEqualTo("829781245349371971");
    assertThat(session.faces()).containsExactly(
        new Face("0", 0L, 5_200L, URI.create("https://p1-kling.klingai.com/kcdn/faces/0.png"), null),
        new Face("1", 2_100L, 9_000L, URI.create("https://p1-kling.klingai.com/kcdn/faces/1.png"), null));
    assertThat(session.billedUnits()).as("the identification is billed too").isEqualByComparingTo("0.05");
  }

  @Test
  void should_read_what_the_task_cost_and_its_watermarked_copy() {
    server.enqueue(json(200, resource("status-succeed-billed.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.billedUnits()).isEqualByComparingTo("5");
    assertThat(snapshot.videos()).containsExactly(new ResultVideo(
        URI.create("https://p2-kling.klingai.com/kcdn/results/842250903629086785.mp4"), Duration.ofMillis(5_100),
        "a9c3e1f0-5b7d-4c2e-9f10-2d3b4c5d6e7f",
        URI.create("https://p2-kling.klingai.com/kcdn/results/842250903629086785-wm.mp4")));
  }

  @Test
  void should_not_know_what_a_task_cost_when_the_answer_does_not_say() {
    server.enqueue(json(200, resource("status-succeed.json")));

    assertThat(await(provider.status(ADVANCED_REF)).billedUnits()).isNull();
  }

  @Test
  void should_reject_a_video_in_which_the_vendor_finds_nobody() {
    server.enqueue(json(200, resource("identify-answer-no-face.json")));

    Throwable failure = failure(provider.identifyFaces(VIDEO));

    assertThat(failure).isInstanceOf(ContentRejectedException.class).hasMessageContaining("no face");
    assertThat(((LipSyncException) failure).vendor()).isEqualTo("cometapi");
  }

  @Test
  void should_refuse_an_identify_answer_without_a_session_id() {
    server.enqueue(json(200, "{\"code\": 0, \"message\": \"SUCCEED\", \"data\": {\"face_data\": []}}"));

    assertThat(failure(provider.identifyFaces(VIDEO))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("session_id");
  }

  // ---- create answers ------------------------------------------------------------------------

  @Test
  void should_map_the_documented_legacy_create_answer_to_a_lip_sync_task_ref() {
    server.enqueue(json(200, resource("legacy-create-answer.page.json")));

    TaskRef ref = await(provider.submit(speechRequest()));

    assertThat(ref).isEqualTo(new TaskRef("cometapi", "lip-sync/string"));
    assertThat(ref.toString()).isEqualTo("cometapi:lip-sync/string");
    assertThat(TaskRef.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void should_take_the_documented_advanced_create_answer_with_its_placeholder_code_as_an_unknown_outcome() {
    // The page's example carries "code": 123, which is no success code: whether a task was created is
    // not known, and the job's key is reported with it.
    server.enqueue(json(200, resource("advanced-create-answer.page.json")));

    Throwable failure = failure(provider.submit(audioRequest("key-123")));

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    SubmitOutcomeUnknownException unknown = (SubmitOutcomeUnknownException) failure;
    assertThat(unknown.idempotencyKey()).isEqualTo("key-123");
    assertThat(unknown.vendorCode()).isEqualTo("123");
    assertThat(unknown.vendorMessage()).isEqualTo("<string>");
  }

  @Test
  void should_map_the_documented_advanced_create_answer_with_a_success_code_to_a_task_ref() {
    String documented = resource("advanced-create-answer.page.json");
    server.enqueue(json(200, documented.replace("\"code\": 123", "\"code\": 0")));

    assertThat(await(provider.submit(audioRequest("key-0")))).isEqualTo(new TaskRef("cometapi", "<string>"));
  }

  @Test
  void should_take_a_create_answer_without_task_id_as_an_unknown_outcome() {
    server.enqueue(json(200, "{\"code\": 0, \"message\": \"SUCCEED\", \"data\": {\"task_status\": \"submitted\"}}"));

    Throwable failure = failure(provider.submit(audioRequest("key-9")));

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(((SubmitOutcomeUnknownException) failure).idempotencyKey()).isEqualTo("key-9");
  }

  // ---- status --------------------------------------------------------------------------------

  // The relay's own task record, which CometAPI documents for its Kling tasks (see cometapi/README.md).

  @Test
  void should_read_the_upstream_answer_inside_the_relays_task_record() {
    server.enqueue(json(200, resource("status-relay-record-succeeded.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.rawStatus()).as("upstream's word, the more precise").isEqualTo("succeed");
    assertThat(snapshot.videos()).containsExactly(new ResultVideo(
        URI.create("https://p1-kling.klingai.com/kcdn/output.mp4"), Duration.ofMillis(5_100), "0f2e-video",
        URI.create("https://p1-kling.klingai.com/kcdn/output-wm.mp4")));
    assertThat(snapshot.createdAt()).isEqualTo(Instant.ofEpochMilli(1722769557708L));
  }

  @Test
  void should_read_the_relays_own_status_word_while_the_task_runs() {
    server.enqueue(json(200, resource("status-relay-record-in-progress.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("IN_PROGRESS");
    assertThat(snapshot.videos()).isEmpty();
  }

  @Test
  void should_take_the_video_from_the_records_result_url_when_it_carries_no_upstream_answer() {
    server.enqueue(json(200, resource("status-relay-record-result-url-only.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).containsExactly(
        ResultVideo.of(URI.create("https://p1-kling.klingai.com/kcdn/relay/output.mp4")));
  }

  @Test
  void should_report_the_records_fail_reason_as_the_failure() {
    server.enqueue(json(200, resource("status-relay-record-failed.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
    assertThat(snapshot.failure()).isEqualTo(new TaskFailure(null, "face_id 3 is not in the session"));
  }

  @Test
  void should_map_submitted_to_queued() {
    server.enqueue(json(200, resource("status-submitted.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot).isEqualTo(TaskSnapshot.builder(ADVANCED_REF, TaskState.QUEUED)
        .rawStatus("submitted").createdAt(CREATED).updatedAt(CREATED).build());
  }

  @Test
  void should_map_processing_to_running() {
    server.enqueue(json(200, resource("status-processing.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot).isEqualTo(TaskSnapshot.builder(ADVANCED_REF, TaskState.RUNNING)
        .rawStatus("processing").createdAt(CREATED).updatedAt(Instant.ofEpochMilli(1722769581214L)).build());
  }

  @Test
  void should_map_succeed_with_its_video_url_duration_and_id() {
    server.enqueue(json(200, resource("status-succeed.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.ref()).isEqualTo(ADVANCED_REF);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.rawStatus()).isEqualTo("succeed");
    assertThat(snapshot.videos()).containsExactly(new ResultVideo(
        URI.create("https://p2-kling.klingai.com/kcdn/results/842250903629086785.mp4"),
        Duration.ofMillis(5_100),
        "a9c3e1f0-5b7d-4c2e-9f10-2d3b4c5d6e7f"));
    assertThat(snapshot.failure()).isNull();
    assertThat(snapshot.createdAt()).isEqualTo(CREATED);
    assertThat(snapshot.updatedAt()).isEqualTo(Instant.ofEpochMilli(1722769642917L));
  }

  @Test
  void should_read_numbers_given_as_strings_and_skip_a_video_without_a_usable_url() {
    server.enqueue(json(200, resource("status-succeed-numbers-as-strings.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).containsExactly(new ResultVideo(
        URI.create("https://p2-kling.klingai.com/kcdn/results/1.mp4"), Duration.ofSeconds(10), "v-1"));
    assertThat(snapshot.createdAt()).isEqualTo(CREATED);
  }

  @Test
  void should_map_failed_with_the_task_status_msg() {
    server.enqueue(json(200, resource("status-failed.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
    assertThat(snapshot.rawStatus()).isEqualTo("failed");
    assertThat(snapshot.videos()).isEmpty();
    assertThat(snapshot.failure()).isEqualTo(new TaskFailure(
        null, "Face detection failed: the chosen face is not visible in the inserted clip"));
    assertThat(snapshot.updatedAt()).isEqualTo(Instant.ofEpochMilli(1722769600000L));
  }

  @Test
  void should_keep_an_unknown_word_and_take_the_task_as_running() {
    server.enqueue(json(200, resource("status-unknown-word.json")));

    TaskSnapshot snapshot = await(provider.status(ADVANCED_REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("queueing");
  }

  @Test
  void should_report_a_task_of_the_older_endpoint_under_its_own_ref() {
    TaskRef legacy = new TaskRef("cometapi", "lip-sync/842250903629086785");
    server.enqueue(json(200, resource("status-succeed.json")));

    TaskSnapshot snapshot = await(provider.status(legacy));

    assertThat(snapshot.ref()).isEqualTo(legacy);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void should_refuse_a_success_without_a_video_and_a_task_without_a_status() {
    server.enqueue(json(200, "{\"code\": 0, \"data\": {\"task_id\": \"1\", \"task_status\": \"succeed\"}}"));
    server.enqueue(json(200, "{\"code\": 0, \"data\": {\"task_id\": \"1\"}}"));

    assertThat(failure(provider.status(ADVANCED_REF))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("without a result video");
    assertThat(failure(provider.status(ADVANCED_REF))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("task_status");
  }

  // ---- callbacks -----------------------------------------------------------------------------

  @Test
  void should_parse_the_task_object_a_callback_carries() {
    TaskSnapshot snapshot = provider.parseCallback(resource("callback-task.json"));

    assertThat(snapshot.ref()).isEqualTo(ADVANCED_REF);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).extracting(ResultVideo::url)
        .containsExactly(URI.create("https://p2-kling.klingai.com/kcdn/results/842250903629086785.mp4"));
    assertThat(snapshot.createdAt()).isEqualTo(CREATED);
  }

  @Test
  void should_parse_a_callback_in_the_envelope_too_and_the_same_delivery_twice() {
    String body = resource("callback-enveloped.json");

    TaskSnapshot first = provider.parseCallback(body);
    TaskSnapshot again = provider.parseCallback(body);

    assertThat(first.ref()).isEqualTo(ADVANCED_REF);
    assertThat(first.state()).isEqualTo(TaskState.RUNNING);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void should_refuse_a_body_that_is_no_task_object() {
    assertThatThrownBy(() -> provider.parseCallback("<html>oops</html>")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> provider.parseCallback("{\"task_status\": \"succeed\"}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("task_id");
    assertThatThrownBy(() -> provider.parseCallback("{\"task_id\": 5, \"task_status\": [1]}"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> provider.parseCallback("")).isInstanceOf(ProtocolException.class);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static SubmitRequest audioRequest(String key) {
    Face face = Face.of("0");
    return new SubmitRequest(new FaceSession("cometapi", "s-1", VIDEO, List.of(face)),
        List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), face)), null, key);
  }

  private static SubmitRequest speechRequest() {
    Face face = Face.of("0");
    VideoSource video = VideoSource.vendorVideo("1f936158-ea15-4775-84c9-78391705b734")
        .withTaskId("CjilGmfJXYIAAAAAADleeQ");
    AudioSource speech = AudioSource.speech("It's a beautiful day.", "girlfriend_4_speech02", VoiceLanguage.EN);
    return new SubmitRequest(new FaceSession("cometapi", "s-1", video, List.of(face)),
        List.of(ResolvedDub.of(Dub.of(speech), face)), null, "key-legacy");
  }
}
