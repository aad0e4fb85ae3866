package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.tracking.ManualScheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator base, through a minimal vendor of its own: keys, routing, faults, task scripts. */
class VendorSimulatorTest {
  private static final String KEY = "sk-sim-test";

  /** A vendor with three routes and a plain error format, to exercise the base alone. */
  static final class TinySimulator extends VendorSimulator {
    TinySimulator(ManualScheduler clock) {
      super("tiny", KEY, clock);
    }

    @Override
    protected @Nullable Endpoint endpointOf(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      if (path.equals("/identify")) {
        return Endpoint.IDENTIFY;
      }
      if (path.equals("/tasks") && request.getMethod().equals("POST")) {
        return Endpoint.SUBMIT;
      }
      return path.startsWith("/tasks/") ? Endpoint.STATUS : null;
    }

    @Override
    protected MockResponse answer(Endpoint endpoint, RecordedRequest request) {
      return switch (endpoint) {
        case IDENTIFY -> json(200, map("session", newSession()));
        case SUBMIT -> json(200, map("id", newTask("lipsync", readJson(request)).id()));
        case STATUS -> {
          SimulatedTask task = task(request.getUrl().pathSegments().get(1));
          if (task == null) {
            yield error(404, null, "no such task");
          }
          SimulatedTask.State state = task.poll(now());
          String word = task.reportedWord() != null ? task.reportedWord() : state.name();
          yield json(200, map("state", word));
        }
      };
    }

    @Override
    protected MockResponse error(int httpStatus, @Nullable Integer code, String message) {
      return json(httpStatus, map("code", code, "message", message));
    }

    @Override
    protected String callbackBody(SimulatedTask task, SimulatedTask.State state) {
      return "{\"id\": \"" + task.id() + "\", \"state\": \"" + state + "\", \"url\": \"" + resultUrl(task) + "\"}";
    }
  }

  private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final OkHttpClient client = new OkHttpClient.Builder()
      .retryOnConnectionFailure(false)
      .callTimeout(Duration.ofSeconds(2))
      .build();
  private TinySimulator simulator;

  @BeforeEach
  void start() {
    simulator = new TinySimulator(clock).start();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private Response call(String method, String path, String key) throws IOException {
    RequestBody body = method.equals("POST")
        ? RequestBody.create("{\"a\": 1}", MediaType.get("application/json")) : null;
    return client.newCall(new Request.Builder()
        .url(simulator.baseUrl() + path)
        .method(method, body)
        .header("Authorization", "Bearer " + key)
        .build()).execute();
  }

  private String status(String taskId) throws IOException {
    try (Response response = call("GET", "/tasks/" + taskId, KEY)) {
      return response.body().string();
    }
  }

  private String identify() throws IOException {
    try (Response response = call("POST", "/identify", KEY)) {
      return response.body().string().replaceAll(".*\"session\":\"([^\"]+)\".*", "$1");
    }
  }

  private String submit() throws IOException {
    try (Response response = call("POST", "/tasks", KEY)) {
      return response.body().string().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }
  }

  @Test
  void should_refuse_a_wrong_key_and_still_record_the_request() throws IOException {
    try (Response response = call("POST", "/identify", "sk-wrong")) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.body().string()).contains("invalid API key");
    }
    assertThat(simulator.count(Endpoint.IDENTIFY)).isEqualTo(1);
    assertThat(simulator.baseUrl()).startsWith("http://").doesNotEndWith("/");
  }

  @Test
  void should_render_klings_envelope_and_task_object_for_simulators_of_resellers() {
    simulator.script(TaskScript.fails("no face"));
    SimulatedTask failing = simulator.newTask("lipsync", Map.of());
    simulator.script(TaskScript.succeeds());
    SimulatedTask succeeding = simulator.newTask("lipsync", Map.of());
    clock.advance(Duration.ofSeconds(5));

    Map<String, Object> failed = simulator.klingTask(failing, SimulatedTask.State.FAILED, "failed", "https://x/v.mp4");
    Map<String, Object> running = simulator.klingTask(succeeding, SimulatedTask.State.RUNNING, "processing", "https://x/v.mp4");
    Map<String, Object> done = simulator.klingTask(succeeding, SimulatedTask.State.SUCCEEDED, "succeed", "https://x/v.mp4");
    Map<String, Object> envelope = simulator.klingEnvelope(done);

    assertThat(failed).containsEntry("task_status", "failed").containsEntry("task_status_msg", "no face")
        .doesNotContainKey("task_result");
    assertThat(running).containsOnlyKeys("task_id", "task_status", "created_at", "updated_at")
        .containsEntry("created_at", clock.now().minusSeconds(5).toEpochMilli())
        .containsEntry("updated_at", clock.now().toEpochMilli());
    assertThat(done).containsEntry("task_id", succeeding.id()).containsEntry("task_result", Map.of("videos",
        List.of(Map.of("id", "video-" + succeeding.id(), "url", "https://x/v.mp4", "duration", "5.1"))));
    assertThat(envelope).containsEntry("code", 0).containsEntry("message", "SUCCEED").containsEntry("data", done);
    assertThat((String) envelope.get("request_id")).startsWith("req-");
  }

  @Test
  void should_render_klings_error_and_read_numbers_tolerantly() throws IOException {
    MockResponse error = simulator.klingError(429, 1302, "too fast");

    Buffer body = new Buffer();
    error.getBody().writeTo(body);

    assertThat(error.getCode()).isEqualTo(429);
    assertThat(body.readUtf8()).matches("\\{\"code\":1302,\"message\":\"too fast\",\"request_id\":\"req-\\d+\"}");
    assertThat(VendorSimulator.number(7)).isEqualByComparingTo("7");
    assertThat(VendorSimulator.number(" 2.5 ")).isEqualByComparingTo("2.5");
    assertThat(VendorSimulator.number("fast")).isNull();
    assertThat(VendorSimulator.number(true)).isNull();
  }

  @Test
  void should_answer_unknown_routes_with_404() throws IOException {
    try (Response response = call("GET", "/nowhere", KEY)) {
      assertThat(response.code()).isEqualTo(404);
    }
    assertThat(simulator.requests()).hasSize(1);
    assertThat(simulator.requests().get(0).endpoint()).isNull();
  }

  @Test
  void should_apply_an_injected_fault_once_then_answer_normally() throws IOException {
    simulator.inject(Endpoint.IDENTIFY, Fault.status(503, "7"));

    try (Response first = call("POST", "/identify", KEY); Response second = call("POST", "/identify", KEY)) {
      assertThat(first.code()).isEqualTo(503);
      assertThat(first.header("Retry-After")).isEqualTo("7");
      assertThat(second.code()).isEqualTo(200);
    }
  }

  @Test
  void should_apply_a_permanent_fault_until_cleared() throws IOException {
    simulator.injectAlways(Endpoint.SUBMIT, Fault.businessCode(429, 1302));

    try (Response first = call("POST", "/tasks", KEY); Response second = call("POST", "/tasks", KEY)) {
      assertThat(first.code()).isEqualTo(429);
      assertThat(second.body().string()).isEqualTo("{\"code\":1302,\"message\":\"simulated code 1302\"}");
    }
    simulator.clearFaults();
    try (Response third = call("POST", "/tasks", KEY)) {
      assertThat(third.code()).isEqualTo(200);
    }
    assertThat(simulator.count(Endpoint.SUBMIT)).isEqualTo(3);
    assertThat(simulator.tasks()).hasSize(1);
  }

  @Test
  void should_render_raw_faults_as_given() throws IOException {
    simulator.inject(Endpoint.STATUS, Fault.htmlPage(502));
    simulator.inject(Endpoint.STATUS, Fault.redirect());
    simulator.inject(Endpoint.STATUS, Fault.errorIn200(1101));

    try (Response html = call("GET", "/tasks/1", KEY);
        Response redirect = new OkHttpClient.Builder().followRedirects(false).build().newCall(
            new Request.Builder().url(simulator.baseUrl() + "/tasks/1")
                .header("Authorization", "Bearer " + KEY).build()).execute();
        Response in200 = call("GET", "/tasks/1", KEY)) {
      assertThat(html.code()).isEqualTo(502);
      assertThat(html.body().string()).contains("<title>502 Bad Gateway</title>");
      assertThat(redirect.code()).isEqualTo(302);
      assertThat(redirect.header("Location")).isEqualTo("https://elsewhere.invalid/moved");
      assertThat(in200.code()).isEqualTo(200);
      assertThat(in200.body().string()).contains("1101");
    }
  }

  @Test
  void should_reset_the_connection_without_answering() {
    simulator.inject(Endpoint.SUBMIT, Fault.resetBeforeAnswer());

    assertThatThrownBy(() -> call("POST", "/tasks", KEY).close()).isInstanceOf(IOException.class);
    assertThat(simulator.count(Endpoint.SUBMIT)).isEqualTo(1);
    assertThat(simulator.tasks()).as("a faulted request is not handled").isEmpty();
  }

  @Test
  void should_handle_a_request_and_then_lose_its_answer() {
    simulator.inject(Endpoint.SUBMIT, Fault.afterHandling(Fault.resetBeforeAnswer()));

    assertThatThrownBy(() -> call("POST", "/tasks", KEY).close()).isInstanceOf(IOException.class);
    assertThat(simulator.tasks()).as("the task exists, though no answer said so").hasSize(1);
  }

  @Test
  void should_forget_every_session_just_before_a_request_when_they_expire_under_it() throws IOException {
    String before = identify();
    simulator.inject(Endpoint.IDENTIFY, Fault.sessionExpired());

    String during = identify();

    assertThat(simulator.session(before)).isNull();
    assertThat(simulator.session(during)).as("the request itself is answered as usual").isNotNull();
  }

  @Test
  void should_cut_the_body_off_after_the_headers() throws IOException {
    simulator.inject(Endpoint.STATUS, Fault.cutOffBody());

    try (Response response = call("GET", "/tasks/1", KEY)) {
      assertThat(response.code()).isEqualTo(200);
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void should_never_answer_until_the_client_gives_up() {
    simulator.inject(Endpoint.STATUS, Fault.noAnswer());
    OkHttpClient impatient = client.newBuilder().callTimeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(() -> impatient.newCall(new Request.Builder()
            .url(simulator.baseUrl() + "/tasks/1").header("Authorization", "Bearer " + KEY).build())
        .execute()).isInstanceOf(IOException.class);
  }

  @Test
  void should_move_a_task_forward_on_each_poll() throws IOException {
    String id = submit();

    assertThat(status(id)).contains("RUNNING");
    assertThat(status(id)).contains("SUCCEEDED");
    assertThat(status(id)).contains("SUCCEEDED");
    assertThat(simulator.task(id).polls()).isEqualTo(3);
    assertThat(simulator.task(id).request()).isEqualTo(Map.of("a", 1.0));
    assertThat(simulator.lastTask().id()).isEqualTo(id);
  }

  @Test
  void should_forge_a_success_without_changing_the_task() throws IOException {
    String id = submit();

    String forged = simulator.forgedCallbackBody(id, "https://forger.example/not-your-video.mp4");

    assertThat(forged).contains("SUCCEEDED").contains("https://forger.example/not-your-video.mp4")
        .doesNotContain("/results/");
    assertThat(simulator.task(id).state()).isEqualTo(SimulatedTask.State.QUEUED);
    assertThat(simulator.callbackBody(id)).contains("QUEUED");
  }

  @Test
  void should_follow_the_script_of_failing_never_ending_and_quirky_tasks() throws IOException {
    simulator.script(TaskScript.fails("no face"));
    String failing = submit();
    simulator.script(TaskScript.neverEnds());
    String endless = submit();
    simulator.script(TaskScript.succeeds().afterPolls(4).reportingWhileRunning("warming_up").goingBack());
    String quirky = submit();

    assertThat(List.of(status(failing), status(failing))).last().asString().contains("FAILED");
    assertThat(simulator.task(failing).failureMessage()).isEqualTo("no face");
    for (int i = 0; i < 5; i++) {
      assertThat(status(endless)).contains("RUNNING");
    }
    assertThat(List.of(status(quirky), status(quirky), status(quirky), status(quirky)))
        .containsExactly("{\"state\":\"warming_up\"}", "{\"state\":\"QUEUED\"}",
            "{\"state\":\"warming_up\"}", "{\"state\":\"SUCCEEDED\"}");
  }

  @Test
  void should_finish_a_timed_task_when_its_time_has_passed_on_the_clock() throws IOException {
    simulator.script(TaskScript.succeeds().after(Duration.ofSeconds(90)));
    String id = submit();

    assertThat(status(id)).contains("RUNNING");
    clock.advance(Duration.ofSeconds(89));
    assertThat(status(id)).contains("RUNNING");
    clock.advance(Duration.ofSeconds(1));
    assertThat(status(id)).contains("SUCCEEDED");
  }

  @Test
  void should_forget_sessions_when_they_expire() throws IOException {
    try (Response response = call("POST", "/identify", KEY)) {
      String id = response.body().string().replaceAll(".*\"session\":\"([^\"]+)\".*", "$1");
      assertThat(simulator.session(id)).isEqualTo(SimFace.defaults());
      simulator.expireSessions();
      assertThat(simulator.session(id)).isNull();
    }
  }
}
