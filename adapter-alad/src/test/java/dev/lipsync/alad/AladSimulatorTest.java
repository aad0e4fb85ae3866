package dev.lipsync.alad;

import static dev.lipsync.alad.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import java.io.IOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator refuses what alad's page does not allow, so an adapter sending it is caught. */
class AladSimulatorTest {
  private static final String KEY = "sk-sim-1b2c3d";
  private final OkHttpClient client = new OkHttpClient();
  private AladSimulator simulator;
  private String sessionId;

  @BeforeEach
  void start() throws IOException {
    simulator = new AladSimulator(KEY, new ManualScheduler()).start();
    Map<String, Object> identified = post("/kling/v1/videos/identify-face", "{\"video_url\": \"https://e.com/v.mp4\"}", 200);
    sessionId = (String) ((Map<?, ?>) identified.get("data")).get("session_id");
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "{\"input\": {\"session_id\": \"S\", \"audio_url\": \"https://e.com/a.mp3\", \"face_id\": \"0\"}}",
    "{\"input\": {\"session_id\": \"S\", \"audio_url\": \"https://e.com/a.mp3\"}, \"callback_url\": \"https://e.com\"}",
    "{\"input\": {\"session_id\": \"S\", \"audio_url\": \"https://e.com/a.mp3\", \"text\": \"hi\"}}",
    "{\"input\": {\"session_id\": \"S\"}}",
    "{\"input\": {\"session_id\": \"S\", \"text\": \"hi\", \"voice_id\": \"v\", \"voice_language\": \"fr\"}}",
    "{\"input\": {\"session_id\": \"unknown\", \"audio_url\": \"https://e.com/a.mp3\"}}",
    "{\"session_id\": \"S\", \"audio_url\": \"https://e.com/a.mp3\"}"
  })
  void should_refuse_a_create_body_the_page_does_not_allow(String body) throws IOException {
    Map<String, Object> answer = post("/kling/v1/videos/advanced-lip-sync", body.replace("\"S\"", "\"" + sessionId + "\""), 400);

    assertThat(answer.get("code")).isEqualTo(1201.0);
    assertThat(simulator.tasks()).isEmpty();
  }

  @Test
  void should_answer_a_task_in_the_shape_it_is_switched_to() throws IOException {
    Map<String, Object> created = post("/kling/v1/videos/advanced-lip-sync",
        "{\"input\": {\"session_id\": \"" + sessionId + "\", \"audio_url\": \"https://e.com/a.mp3\"}}", 200);
    String taskId = (String) ((Map<?, ?>) created.get("data")).get("task_id");

    Map<?, ?> guide = (Map<?, ?>) get("/kling/v1/videos/advanced-lip-sync/" + taskId).get("data");
    simulator.statusShape(AladSimulator.Shape.GENERIC);
    Map<?, ?> generic = (Map<?, ?>) get("/kling/v1/videos/advanced-lip-sync/" + taskId).get("data");

    assertThat(((Map<?, ?>) guide.get("data")).get("task_status")).isEqualTo("processing");
    assertThat(generic.get("status")).isEqualTo("SUCCESS");
    assertThat(generic.get("progress")).isEqualTo("100%");
  }

  @Test
  void should_render_statuses_without_a_kling_code_in_the_generic_envelope() throws IOException {
    simulator.inject(Endpoint.IDENTIFY, Fault.status(402));

    Map<String, Object> answer = post("/kling/v1/videos/identify-face", "{\"video_url\": \"https://e.com/v.mp4\"}", 402);

    assertThat(answer.get("code")).isEqualTo("insufficient_user_quota");
  }

  private Map<String, Object> get(String path) throws IOException {
    return call(new Request.Builder().url(simulator.baseUrl() + path), 200);
  }

  private Map<String, Object> post(String path, String json, int status) throws IOException {
    return call(new Request.Builder().url(simulator.baseUrl() + path)
        .post(RequestBody.create(json, MediaType.get("application/json"))), status);
  }

  private Map<String, Object> call(Request.Builder request, int status) throws IOException {
    try (Response response = client.newCall(request.header("Authorization", "Bearer " + KEY).build()).execute()) {
      assertThat(response.code()).isEqualTo(status);
      return parse(response.body().string());
    }
  }
}
