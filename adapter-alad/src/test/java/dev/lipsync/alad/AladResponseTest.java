package dev.lipsync.alad;

import static dev.lipsync.alad.Fixtures.VIDEO;
import static dev.lipsync.alad.Fixtures.await;
import static dev.lipsync.alad.Fixtures.failure;
import static dev.lipsync.alad.Fixtures.json;
import static dev.lipsync.alad.Fixtures.read;
import static dev.lipsync.alad.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.BoundingBox;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** alad's documented answers, in every variant, mapped to core's records. */
class AladResponseTest {
  private static final TaskRef REF = new TaskRef("alad", "842250903629086785");
  private static final ResultVideo VIDEO_RESULT = new ResultVideo(
      URI.create("https://cdn.example.com/lipsync/842250903629086785.mp4"), Duration.ofMillis(5_042),
      "a1b2c3d4-video");
  private static final Instant CREATED = Instant.ofEpochMilli(1722769557708L);
  private static final Instant UPDATED = Instant.ofEpochMilli(1722769745117L);

  private final MockWebServer server = new MockWebServer();
  private AladProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = Fixtures.provider(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- identify ------------------------------------------------------------------------------

  @Test
  void should_read_alads_face_list_with_boxes() throws Exception {
    FaceSession session = identify(read("identify-face-list.json"));

    assertThat(session).isEqualTo(new FaceSession("alad", "sess-7a1c9e", VIDEO, List.of(
        new Face("0", null, null, null, new BoundingBox(212, 96, 180, 220)),
        new Face("1", null, null, null, new BoundingBox(640, 121, 120, 150)))));
  }

  @Test
  void should_read_klings_face_data_with_times_and_thumbnails() throws Exception {
    FaceSession session = identify(read("identify-face-data.json"));

    assertThat(session).isEqualTo(new FaceSession("alad", "sess-kling-42", VIDEO, List.of(
        new Face("0", 0L, 5_200L, URI.create("https://cdn.example.com/faces/0.jpg"), null),
        new Face("1", 2_000L, 9_000L, URI.create("https://cdn.example.com/faces/1.jpg"), null))));
  }

  @Test
  void should_merge_a_face_given_in_both_lists() throws Exception {
    FaceSession session = identify("""
        {"code": 0, "data": {"session_id": "s",
          "face_list": [{"face_id": "0", "face_rect": {"x": 1, "y": 2, "width": 30, "height": 40}}],
          "face_data": [{"face_id": "0", "face_image": "not a url", "start_time": 10, "end_time": 2500}]}}""");

    assertThat(session.faces()).containsExactly(new Face("0", 10L, 2_500L, null, new BoundingBox(1, 2, 30, 40)));
  }

  @Test
  void should_leave_out_a_box_with_a_missing_side() throws Exception {
    FaceSession session = identify("""
        {"code": 0, "data": {"session_id": "s", "face_list": [{"face_id": 7, "face_rect": {"x": 1, "y": 2}}]}}""");

    assertThat(session.faces()).containsExactly(Face.of("7"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "{\"code\": 0, \"data\": {\"face_list\": []}}",
    "{\"code\": 0, \"data\": {\"session_id\": \" \"}}",
    "{\"code\": 0}",
    "{\"code\": 0, \"data\": {\"session_id\": \"s\", \"face_list\": [{\"face_rect\": {}}]}}"
  })
  void should_report_a_protocol_error_for_an_identify_answer_without_session_or_face_id(String body)
      throws Exception {
    server.enqueue(json(200, body));

    assertThat(failure(provider.identifyFaces(VIDEO))).isInstanceOf(ProtocolException.class);
  }

  // ---- create --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "create-task-id-in-data.json, 842250903629086785",
    "create-task-id-top-level.json, task_9KxQ2mRf7Lp3"
  })
  void should_read_the_task_id_at_either_place(String fixture, String taskId) throws Exception {
    server.enqueue(json(200, read(fixture)));

    assertThat(await(provider.submit(submit()))).isEqualTo(new TaskRef("alad", taskId));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "{\"code\": 0, \"message\": \"SUCCEED\", \"data\": {}}",
    "{\"code\": \"success\", \"message\": \"\"}",
    "{\"task_id\": \"has space\"}",
    "{\"unexpected\": [1, 2, 3]}"
  })
  void should_report_an_unknown_outcome_for_a_create_answer_without_a_usable_task_id(String body)
      throws Exception {
    server.enqueue(json(200, body));

    assertThat(failure(provider.submit(submit()))).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- status --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "status-guide-queued.json, QUEUED, queued",
    "status-guide-processing.json, RUNNING, processing",
    "status-generic-submitted.json, QUEUED, SUBMITTED",
    "status-generic-processing.json, RUNNING, PROCESSING"
  })
  void should_read_every_running_word_of_both_shapes(String fixture, TaskState state, String word)
      throws Exception {
    TaskSnapshot snapshot = status(read(fixture));

    assertThat(snapshot).isEqualTo(TaskSnapshot.builder(REF, state).rawStatus(word)
        .createdAt(CREATED).updatedAt(UPDATED).build());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "status-guide-succeeded.json, succeeded",
    "status-generic-success.json, SUCCESS",
    "status-guide-word-beside-task.json, succeeded"
  })
  void should_read_the_video_of_a_succeeded_task_in_every_shape(String fixture, String word) throws Exception {
    TaskSnapshot snapshot = status(read(fixture));

    assertThat(snapshot).isEqualTo(TaskSnapshot.builder(REF, TaskState.SUCCEEDED).rawStatus(word)
        .videos(List.of(VIDEO_RESULT)).createdAt(CREATED).updatedAt(UPDATED).build());
  }

  @Test
  void should_read_the_video_a_relays_record_names_in_result_url() throws Exception {
    TaskSnapshot snapshot = status(read("status-generic-result-url-only.json"));

    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).containsExactly(ResultVideo.of(VIDEO_RESULT.url()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "status-guide-failed.json | failed | Face detection failed: no faces found",
    "status-generic-failure.json | FAILURE | Face detection failed: no faces found",
    "status-generic-failed.json | FAILED | upstream task failed: 1301 content policy"
  })
  void should_read_the_reason_of_a_failed_task_in_both_shapes(String fixture, String word, String reason)
      throws Exception {
    TaskSnapshot snapshot = status(read(fixture));

    assertThat(snapshot).isEqualTo(TaskSnapshot.builder(REF, TaskState.FAILED).rawStatus(word)
        .failure(new TaskFailure(null, reason)).createdAt(CREATED).updatedAt(UPDATED).build());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "queued, QUEUED", "processing, RUNNING", "succeeded, SUCCEEDED", "failed, FAILED",
    "SUBMITTED, QUEUED", "PROCESSING, RUNNING", "SUCCESS, SUCCEEDED", "FAILURE, FAILED", "FAILED, FAILED",
    "NOT_START, QUEUED", "QUEUED, QUEUED", "IN_PROGRESS, RUNNING",
    "submitted, QUEUED", "succeed, SUCCEEDED", "Succeeded, SUCCEEDED"
  })
  void should_know_every_status_word(String word, TaskState state) {
    assertThat(AladMapper.WORDS.knows(word)).isTrue();
    assertThat(AladMapper.WORDS.stateOf(word)).isEqualTo(state);
  }

  @Test
  void should_keep_an_unknown_word_and_take_the_task_as_running() throws Exception {
    TaskSnapshot snapshot = status(read("status-generic-processing.json").replace("PROCESSING", "WARMING_UP"));

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("WARMING_UP");
  }

  @Test
  void should_take_the_upstream_word_when_no_other_is_given() throws Exception {
    TaskSnapshot snapshot = status(read("status-generic-success.json").replace("\"status\": \"SUCCESS\",", ""));

    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.rawStatus()).isEqualTo("succeed");
    assertThat(snapshot.videos()).containsExactly(VIDEO_RESULT);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"no word", "succeeded without video", "video url not a url"})
  void should_report_a_protocol_error_for_a_status_answer_it_cannot_use(String kind) throws Exception {
    String body = switch (kind) {
      case "no word" -> "{\"code\": 0, \"data\": {\"task_id\": \"x\", \"data\": {\"task_id\": \"x\"}}}";
      case "succeeded without video" ->
          read("status-guide-processing.json").replace("\"processing\"", "\"succeeded\"");
      default -> read("status-guide-succeeded.json").replace("https://cdn.example.com", "not a url");
    };
    server.enqueue(json(200, body));

    Throwable failure = failure(provider.status(REF));

    assertThat(failure).isInstanceOf(ProtocolException.class);
    assertThat(((ProtocolException) failure).taskRef()).contains(REF);
  }

  // ---- callbacks -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "status-guide-succeeded.json, 842250903629086785",
    "status-generic-success.json, task_9KxQ2mRf7Lp3"
  })
  void should_parse_a_callback_in_either_shape_naming_the_task_alad_gave(String fixture, String taskId) {
    TaskSnapshot snapshot = provider.parseCallback(read(fixture));

    assertThat(snapshot.ref()).isEqualTo(new TaskRef("alad", taskId));
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).containsExactly(VIDEO_RESULT);
  }

  @Test
  void should_parse_a_bare_upstream_task_object_as_kling_posts_it() {
    TaskSnapshot snapshot = provider.parseCallback("""
        {"task_id": "842250903629086785", "task_status": "failed", "task_status_msg": "no face",
         "created_at": 1722769557708, "updated_at": 1722769745117}""");

    assertThat(snapshot).isEqualTo(TaskSnapshot.builder(REF, TaskState.FAILED).rawStatus("failed")
        .failure(new TaskFailure(null, "no face")).createdAt(CREATED).updatedAt(UPDATED).build());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "not json", "null", "[]", "{}", "{\"code\": 1302, \"message\": \"slow down\"}",
      "{\"task_id\": \"t\", \"data\": \"text\"}", "{\"status\": \"SUCCESS\"}"})
  void should_refuse_a_callback_that_is_not_alads(String body) {
    assertThatThrownBy(() -> provider.parseCallback(body)).isInstanceOf(ProtocolException.class);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private FaceSession identify(String answer) throws Exception {
    server.enqueue(json(200, answer));
    return await(provider.identifyFaces(VIDEO));
  }

  private TaskSnapshot status(String answer) throws Exception {
    server.enqueue(json(200, answer));
    return await(provider.status(REF));
  }

  private static SubmitRequest submit() {
    Face face = Face.of("0");
    return new SubmitRequest(session(face),
        List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/speech.mp3")), face)), null, "k");
  }
}
