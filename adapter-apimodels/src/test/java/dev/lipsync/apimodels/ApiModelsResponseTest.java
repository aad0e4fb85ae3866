package dev.lipsync.apimodels;

import static dev.lipsync.apimodels.TestSupport.answer;
import static dev.lipsync.apimodels.TestSupport.await;
import static dev.lipsync.apimodels.TestSupport.failure;
import static dev.lipsync.apimodels.TestSupport.quoted;
import static dev.lipsync.apimodels.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.tracking.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vendor's documented answers and callback, verbatim from its page (in {@code
 * src/test/resources/apimodels/}), and each variant the README lists, mapped to core records.
 */
class ApiModelsResponseTest {
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/video.mp4");
  private static final TaskRef TASK = new TaskRef("apimodels", "clxxx...");

  private final MockWebServer server = new MockWebServer();
  private final ManualScheduler clock = new ManualScheduler();
  private ApiModelsProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = TestSupport.provider(server, clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TaskSnapshot status(String body) throws Exception {
    server.enqueue(answer(200, body));
    return await(provider.status(TASK), clock);
  }

  private FaceSession identify(String... pollAnswers) throws Exception {
    server.enqueue(answer(200, resource("answer-pending.json")));
    for (String body : pollAnswers) {
      server.enqueue(answer(200, body));
    }
    return await(provider.identifyFaces(VIDEO), clock);
  }

  private static String data(String fields) {
    return "{\"code\": 200, \"msg\": \"success\", \"data\": {" + fields + "}}";
  }

  // ---- identification ------------------------------------------------------------------------

  @Test
  void should_poll_a_pending_identify_task_until_the_documented_completed_answer() throws Exception {
    FaceSession session = identify(
        resource("answer-pending.json"),
        data("\"taskId\": \"clxxx...\", \"state\": \"processing\", \"model\": \"kling-identify-face\""),
        resource("answer-identify-completed.json"));

    assertThat(session.vendor()).isEqualTo("apimodels");
    assertThat(session.sessionId()).isEqualTo("session_abc123");
    assertThat(session.video()).isEqualTo(VIDEO);
    assertThat(session.faces()).containsExactly(
        new Face("face_001", null, null, URI.create("https://...face_thumbnail.jpg"), null));
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "answer-identify-completed-result-json.json", "answer-identify-completed-result-json-nested.json"})
  void should_read_an_identification_the_localized_variant_puts_in_result_json(String answer) throws Exception {
    FaceSession session = identify(resource(answer));

    assertThat(session.sessionId()).isEqualTo("session_abc123");
    assertThat(session.faces()).containsExactly(
        new Face("face_001", null, null, URI.create("https://cdn.example.com/face_001.jpg"), null));
  }

  @Test
  void should_read_the_camel_case_and_upstream_spellings_of_an_identification() throws Exception {
    FaceSession session = identify(data("""
        "task_id": "clxxx...", "state": "completed",
        "faceData": {
          "sessionId": "session_xyz",
          "faceList": [{"faceId": "f1", "faceReference": "https://cdn.example.com/f1.jpg"}]
        }"""));
    FaceSession upstream = identify(data("""
        "taskId": "clxxx...", "state": "completed",
        "faceData": {
          "session_id": "session_up",
          "face_data": [{"face_id": "0", "face_image": "https://cdn.example.com/0.png", "start_time": 0, "end_time": 5200}]
        }"""));

    assertThat(session.sessionId()).isEqualTo("session_xyz");
    assertThat(session.faces()).containsExactly(
        new Face("f1", null, null, URI.create("https://cdn.example.com/f1.jpg"), null));
    assertThat(upstream.sessionId()).isEqualTo("session_up");
    assertThat(upstream.faces()).containsExactly(
        new Face("0", 0L, 5200L, URI.create("https://cdn.example.com/0.png"), null));
  }

  @Test
  void should_give_a_session_without_faces_when_the_list_is_empty() throws Exception {
    FaceSession session = identify(data(
        "\"taskId\": \"clxxx...\", \"state\": \"completed\", \"faceData\": {\"session_id\": \"s\", \"face_list\": []}"));

    assertThat(session.faces()).isEmpty();
  }

  @Test
  void should_reject_the_content_when_the_documented_failure_says_no_face_was_found() {
    server.enqueue(answer(200, resource("answer-pending.json")));
    server.enqueue(answer(200, resource("answer-failed.json")));

    Throwable failure = failure(provider.identifyFaces(VIDEO), clock);

    assertThat(failure).isInstanceOf(ContentRejectedException.class);
    LipSyncException rejected = (LipSyncException) failure;
    assertThat(rejected.vendor()).isEqualTo("apimodels");
    assertThat(rejected.vendorMessage()).isEqualTo("Face detection failed: no faces found");
    assertThat(rejected.taskRef()).contains(TASK);
  }

  @Test
  void should_report_any_other_failed_identification_as_a_failed_task_with_the_vendors_words() {
    server.enqueue(answer(200, resource("answer-pending.json")));
    server.enqueue(answer(200, data(
        "\"taskId\": \"clxxx...\", \"state\": \"failed\", \"failCode\": \"VIDEO_DOWNLOAD\","
            + " \"failMsg\": \"could not fetch the video\"")));

    Throwable failure = failure(provider.identifyFaces(VIDEO), clock);

    assertThat(failure).isInstanceOf(TaskFailedException.class);
    TaskSnapshot snapshot = ((TaskFailedException) failure).snapshot();
    assertThat(snapshot.ref()).isEqualTo(TASK);
    assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
    assertThat(snapshot.failure()).isEqualTo(new TaskFailure("VIDEO_DOWNLOAD", "could not fetch the video"));
    assertThat(((LipSyncException) failure).vendorMessage()).isEqualTo("could not fetch the video");
  }

  @Test
  void should_fail_when_a_completed_identification_has_no_session() {
    server.enqueue(answer(200, resource("answer-pending.json")));
    String noSession = data("\"taskId\": \"clxxx...\", \"state\": \"completed\", \"faceData\": {\"face_list\": []}");
    for (int i = 0; i < 3; i++) {
      server.enqueue(answer(200, noSession));
    }

    Throwable failure = failure(provider.identifyFaces(VIDEO), clock);

    assertThat(failure).isInstanceOf(ProtocolException.class).hasMessageContaining("session id");
    assertThat(server.getRequestCount()).as("three unreadable answers in a row end polling").isEqualTo(4);
  }

  // ---- status --------------------------------------------------------------------------------

  @Test
  void should_map_the_documented_pending_answer_to_queued() throws Exception {
    TaskSnapshot snapshot = status(resource("answer-pending.json"));

    assertThat(snapshot.ref()).isEqualTo(TASK);
    assertThat(snapshot.state()).isEqualTo(TaskState.QUEUED);
    assertThat(snapshot.rawStatus()).isEqualTo("pending");
    assertThat(snapshot.videos()).isEmpty();
    assertThat(snapshot.failure()).isNull();
  }

  @Test
  void should_map_processing_to_running() throws Exception {
    TaskSnapshot snapshot = status(data("\"taskId\": \"clxxx...\", \"state\": \"processing\""));

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("processing");
  }

  @Test
  void should_map_the_documented_completed_lip_sync_answer_to_succeeded_with_its_video() throws Exception {
    TaskSnapshot snapshot = status(resource("answer-lipsync-completed.json"));

    assertThat(snapshot.ref()).isEqualTo(TASK);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.rawStatus()).isEqualTo("completed");
    assertThat(snapshot.videos()).containsExactly(ResultVideo.of(URI.create("https://...lip_synced_video.mp4")));
    assertThat(snapshot.failure()).isNull();
    assertThat(snapshot.createdAt()).isNull();
    assertThat(snapshot.updatedAt()).isNull();
  }

  @Test
  void should_map_the_documented_failed_answer_to_failed_with_the_vendors_message() throws Exception {
    TaskSnapshot snapshot = status(resource("answer-failed.json"));

    assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
    assertThat(snapshot.rawStatus()).isEqualTo("failed");
    assertThat(snapshot.videos()).isEmpty();
    assertThat(snapshot.failure()).isEqualTo(new TaskFailure(null, "Face detection failed: no faces found"));
  }

  @Test
  void should_read_snake_case_spellings_and_a_fail_code() throws Exception {
    TaskSnapshot done = status(data(
        "\"task_id\": \"clxxx...\", \"state\": \"completed\", \"result_urls\": [\"https://r2.apimodels.app/videos/a.mp4\"]"));
    TaskSnapshot failed = status(data(
        "\"taskId\": \"clxxx...\", \"state\": \"failed\", \"fail_code\": 500, \"fail_msg\": \"upstream error\""));

    assertThat(done.videos()).containsExactly(ResultVideo.of(URI.create("https://r2.apimodels.app/videos/a.mp4")));
    assertThat(failed.failure()).isEqualTo(new TaskFailure("500", "upstream error"));
  }

  @Test
  void should_give_a_failed_task_a_failure_even_without_words() throws Exception {
    TaskSnapshot snapshot = status(data("\"taskId\": \"clxxx...\", \"state\": \"failed\""));

    assertThat(snapshot.failure()).isEqualTo(new TaskFailure(null, null));
  }

  /**
   * The states of a platform with the same task schema as apimodels ({@code taskId, state, resultJson,
   * failCode, failMsg}), as the wider evidence on the vendor records them.
   */
  @ParameterizedTest(name = "state {0} -> {1}")
  @CsvSource({"waiting, QUEUED", "queuing, QUEUED", "generating, RUNNING", "success, SUCCEEDED", "fail, FAILED"})
  void should_map_the_states_of_the_platform_with_the_same_task_schema(String word, TaskState state)
      throws Exception {
    TaskSnapshot snapshot = status(data("\"taskId\": \"clxxx...\", \"state\": \"" + word + "\","
        + " \"resultJson\": \"{\\\"resultUrls\\\":[\\\"https://r2.apimodels.app/videos/a.mp4\\\"]}\","
        + " \"failCode\": \"501\", \"failMsg\": \"generation failed\""));

    assertThat(snapshot.state()).isEqualTo(state);
    assertThat(snapshot.rawStatus()).isEqualTo(word);
    if (state == TaskState.FAILED) {
      assertThat(snapshot.failure()).isEqualTo(new TaskFailure("501", "generation failed"));
    }
  }

  @Test
  void should_keep_an_unknown_word_and_take_the_task_as_running() throws Exception {
    TaskSnapshot snapshot = status(data("\"taskId\": \"clxxx...\", \"state\": \"rendering\""));

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("rendering");
  }

  @ParameterizedTest(name = "code {0}")
  @ValueSource(strings = {"200", "\"200\"", "0"})
  void should_take_200_as_a_number_or_a_string_and_upstreams_0_as_success(String code) throws Exception {
    TaskSnapshot snapshot = status(
        "{\"code\": " + code + ", \"msg\": \"success\", \"data\": {\"taskId\": \"clxxx...\", \"state\": \"pending\"}}");

    assertThat(snapshot.state()).isEqualTo(TaskState.QUEUED);
  }

  @Test
  void should_refuse_a_completed_task_without_a_result_url() {
    server.enqueue(answer(200, data("\"taskId\": \"clxxx...\", \"state\": \"completed\", \"resultUrls\": []")));

    assertThat(failure(provider.status(TASK), clock)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("without a result URL");
  }

  @Test
  void should_refuse_an_answer_without_a_state() {
    server.enqueue(answer(200, data("\"taskId\": \"clxxx...\"")));

    assertThat(failure(provider.status(TASK), clock)).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("without a state");
  }

  // ---- callbacks -----------------------------------------------------------------------------

  /**
   * The page's callback example is a template: {@code "completed" | "failed"}, placeholders for the two
   * JSON strings, and comments. These tests keep it verbatim and fill in each blank with one of the
   * values the page allows, so every documented field is read exactly where the page puts it.
   */
  @Nested
  class Callbacks {
    private static final String PARAM = """
        {"model":"kling-advanced-lip-sync","session_id":"session_abc123","face_choose":[{"face_id":"face_001","sound_file":"https://example.com/speech.mp3"}],"callback_url":"https://hooks.example.com/kling"}""";

    private String callback(String state, @Nullable String resultJson, @Nullable String failCode, @Nullable String failMsg) {
      // The comments on the page explain fields; a JSON body has none.
      String template = resource("callback-page-example.txt").replaceAll("(?m)\\s+//.*$", "");
      String filled = fill(template, "\"completed\" | \"failed\"", quoted(state));
      filled = fill(filled, "\"<JSON string> | null\"", resultJson == null ? "null" : quoted(resultJson));
      filled = fill(filled, "\"<JSON string>\"", quoted(PARAM));
      filled = fill(filled, "\"failCode\": null | \"string\"", "\"failCode\": " + (failCode == null ? "null" : quoted(failCode)));
      return fill(filled, "\"failMsg\": null | \"string\"", "\"failMsg\": " + (failMsg == null ? "null" : quoted(failMsg)));
    }

    private static String fill(String text, String blank, String value) {
      assertThat(text).as("the page's template still has " + blank).contains(blank);
      return text.replace(blank, value);
    }

    @Test
    void should_read_the_documented_completed_callback_with_its_result_json_string() {
      TaskSnapshot snapshot = provider.parseCallback(
          callback("completed", resource("callback-result-json-page-example.txt"), null, null));

      assertThat(snapshot.ref()).isEqualTo(TASK);
      assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(snapshot.rawStatus()).isEqualTo("completed");
      assertThat(snapshot.videos()).containsExactly(new ResultVideo(
          URI.create("https://r2.apimodels.app/videos/lip_synced.mp4"), Duration.ofSeconds(8), null));
      assertThat(snapshot.failure()).isNull();
      assertThat(snapshot.createdAt()).isEqualTo(Instant.ofEpochMilli(1705123450000L));
      assertThat(snapshot.updatedAt()).isEqualTo(Instant.ofEpochMilli(1705123500000L));
    }

    @Test
    void should_read_a_completed_callback_without_a_duration() {
      TaskSnapshot snapshot = provider.parseCallback(callback(
          "completed", "{\"resultUrls\":[\"https://r2.apimodels.app/videos/x.mp4\"]}", null, null));

      assertThat(snapshot.videos()).containsExactly(
          ResultVideo.of(URI.create("https://r2.apimodels.app/videos/x.mp4")));
    }

    @Test
    void should_read_a_failed_callback_whose_result_json_is_null() {
      TaskSnapshot snapshot = provider.parseCallback(
          callback("failed", null, "FACE_NOT_FOUND", "Face detection failed: no faces found"));

      assertThat(snapshot.ref()).isEqualTo(TASK);
      assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
      assertThat(snapshot.videos()).isEmpty();
      assertThat(snapshot.failure())
          .isEqualTo(new TaskFailure("FACE_NOT_FOUND", "Face detection failed: no faces found"));
    }

    @ParameterizedTest(name = "resultJson {0}")
    @ValueSource(strings = {"{\"resultUrls\":[]}", "null", ""})
    void should_read_a_failed_callback_whose_result_json_string_holds_no_video(String resultJson) {
      TaskSnapshot snapshot = provider.parseCallback(callback("failed", resultJson, null, "upstream error"));

      assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
      assertThat(snapshot.videos()).isEmpty();
      assertThat(snapshot.failure()).isEqualTo(new TaskFailure(null, "upstream error"));
    }

    @Test
    void should_also_read_result_json_and_param_sent_as_objects() {
      String body = """
          {"code": 200, "msg": "success", "data": {"taskId": "clxxx...", "state": "completed",
           "param": {"model": "kling-advanced-lip-sync"},
           "resultJson": {"resultUrls": ["https://r2.apimodels.app/videos/y.mp4"], "videoDuration": "5.5"}}}""";

      TaskSnapshot snapshot = provider.parseCallback(body);

      assertThat(snapshot.videos()).containsExactly(new ResultVideo(
          URI.create("https://r2.apimodels.app/videos/y.mp4"), Duration.ofMillis(5_500), null));
    }

    @Test
    void should_not_depend_on_param_which_only_echoes_the_request() {
      String body = """
          {"code": 200, "msg": "success", "data": {"taskId": "clxxx...", "state": "failed",
           "param": "not JSON at all {", "resultJson": null, "failMsg": "x"}}""";

      assertThat(provider.parseCallback(body).state()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void should_refuse_the_unfilled_template_and_other_bodies_with_a_protocol_error() {
      assertThatThrownBy(() -> provider.parseCallback(resource("callback-page-example.txt")))
          .isInstanceOf(ProtocolException.class);
      assertThatThrownBy(() -> provider.parseCallback("<html>nope</html>"))
          .isInstanceOf(ProtocolException.class);
      assertThatThrownBy(() -> provider.parseCallback("{\"code\": 200, \"msg\": \"success\"}"))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("without data");
      assertThatThrownBy(() -> provider.parseCallback("{\"data\": {\"state\": \"completed\"}}"))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("task id");
      assertThatThrownBy(() -> provider.parseCallback(
          "{\"data\": {\"taskId\": \"t\", \"state\": \"completed\", \"resultJson\": \"{broken\"}}"))
          .isInstanceOf(ProtocolException.class);
      assertThatThrownBy(() -> provider.parseCallback(
          "{\"data\": {\"taskId\": \"t\", \"state\": \"completed\", \"resultJson\": \"{\\\"resultUrls\\\": []}\"}}"))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("without a result URL");
    }
  }
}
