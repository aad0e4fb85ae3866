package dev.lipsync.cometapi;

import static dev.lipsync.testkit.LoopbackTests.await;
import static dev.lipsync.testkit.LoopbackTests.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.SessionExpiredException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.TaskScript;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator speaks CometAPI's protocol: what the contract suite does not already show. */
class CometApiSimulatorTest {
  private static final String KEY = "sk-sim-5b2e8d1f";
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/interview.mp4");
  private static final JsonAdapter<Map<String, Object>> MAP =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final OkHttpClient http = new OkHttpClient();
  private CometApiSimulator simulator;
  private CometApiProvider provider;

  @BeforeEach
  void start() {
    simulator = new CometApiSimulator(KEY, clock).start();
    provider = CometApiProvider.builder().apiKey(KEY).baseUrl(simulator.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void should_list_faces_with_times_and_thumbnails() {
    FaceSession session = await(provider.identifyFaces(VIDEO));

    assertThat(session.faces()).hasSize(2);
    assertThat(session.faces().get(0).id()).isEqualTo("cometapi-ana");
    assertThat(session.faces().get(0).startMs()).isZero();
    assertThat(session.faces().get(1).endMs()).isEqualTo(9_000L);
    assertThat(session.faces().get(1).imageUrl()).isNotNull();
  }

  @Test
  void should_refuse_a_submit_in_an_unknown_session_with_the_kling_400_error() throws IOException {
    FaceSession session = await(provider.identifyFaces(VIDEO));
    simulator.expireSessions();

    Throwable failure = failure(provider.submit(request(session)));

    assertThat(failure).as("a refusal that names the session").isInstanceOf(SessionExpiredException.class);
    assertThat(((LipSyncException) failure).httpStatus()).isEqualTo(400);
    assertThat(((LipSyncException) failure).vendorCode()).isEqualTo("1201");
    try (Response raw = post("advanced-lip-sync", "{\"session_id\": \"nope\", \"face_choose\": []}")) {
      Map<String, Object> body = MAP.fromJson(raw.body().string());
      assertThat(body).containsEntry("code", 1201.0).containsKeys("message", "request_id");
    }
  }

  @Test
  void should_accept_both_spellings_of_times_and_of_the_original_volume() throws IOException {
    FaceSession session = await(provider.identifyFaces(VIDEO));
    String face = session.faces().get(0).id();
    String upstream = "{\"session_id\": \"" + session.sessionId() + "\", \"face_choose\": [{\"face_id\": \""
        + face + "\", \"sound_file\": \"https://example.com/a.mp3\", \"sound_insert_time\": 0,"
        + " \"sound_start_time\": 0, \"sound_end_time\": 2000, \"original_audio_volume\": 0.5}]}";
    String cometApi = upstream.replace("0, \"sound_end_time\": 2000, \"original_audio_volume\"",
        "\"0\", \"sound_end_time\": \"2000\", \"original_sound_volume\"");
    String tooShort = upstream.replace("2000", "1500");
    String loud = upstream.replace("0.5", "2.5");
    // Kling's reference marks the three times required.
    String noInsertTime = upstream.replace("\"sound_insert_time\": 0, ", "");

    try (Response a = post("advanced-lip-sync", upstream); Response b = post("advanced-lip-sync", cometApi);
        Response c = post("advanced-lip-sync", tooShort); Response d = post("advanced-lip-sync", loud);
        Response e = post("advanced-lip-sync", noInsertTime)) {
      assertThat(a.code()).isEqualTo(200);
      assertThat(b.code()).isEqualTo(200);
      assertThat(c.code()).isEqualTo(400);
      assertThat(d.code()).isEqualTo(400);
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.body().string()).contains("sound_insert_time is required");
    }
  }

  @Test
  void should_read_a_refused_second_task_with_the_same_external_task_id_as_a_task_that_exists() {
    FaceSession session = await(provider.identifyFaces(VIDEO));
    SubmitRequest request = request(session);

    await(provider.submit(request));
    Throwable second = failure(provider.submit(request));

    // Not a refusal the job may move on from: the task with this key exists, and is paid for.
    assertThat(second).isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("a task with the job's key exists already")
        .hasCauseInstanceOf(InvalidRequestException.class);
    assertThat(((SubmitOutcomeUnknownException) second).idempotencyKey()).isEqualTo(request.idempotencyKey());
    assertThat(((SubmitOutcomeUnknownException) second).vendor()).isEqualTo("cometapi");
    assertThat(simulator.tasks()).hasSize(1);
  }

  @Test
  void should_echo_the_external_task_id_and_answer_callbacks_with_the_status_task_object() throws IOException {
    FaceSession session = await(provider.identifyFaces(VIDEO));
    TaskRef ref = await(provider.submit(request(session)));
    String id = simulator.lastTask().id();

    Map<String, Object> status;
    try (Response raw = get("advanced-lip-sync/" + id)) {
      status = MAP.fromJson(raw.body().string());
    }

    assertThat(MAP.fromJson(simulator.callbackBody(id))).containsEntry("task_info", Map.of("external_task_id", "sim-key"));
    assertThat(status.get("data")).isEqualTo(MAP.fromJson(simulator.callbackBody(id)));
    assertThat(provider.parseCallback(simulator.callbackBody(id)).ref()).isEqualTo(ref);
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_answer_status_in_the_relays_task_record_when_asked_to() throws IOException {
    simulator.script(TaskScript.succeeds().after(Duration.ofMinutes(3)));
    FaceSession session = await(provider.identifyFaces(VIDEO));
    TaskRef ref = await(provider.submit(request(session)));
    String id = simulator.lastTask().id();
    simulator.relayRecords(true);
    clock.advance(Duration.ofMinutes(3));

    Map<String, Object> status;
    try (Response raw = get("advanced-lip-sync/" + id)) {
      status = MAP.fromJson(raw.body().string());
    }

    assertThat(status).containsEntry("code", "success");
    Map<String, Object> record = (Map<String, Object>) status.get("data");
    assertThat(record).containsEntry("task_id", id).containsEntry("status", "SUCCESS").containsKey("result_url");
    assertThat(((Map<String, Object>) record.get("data")).get("data"))
        .as("Kling's answer inside").isEqualTo(MAP.fromJson(simulator.callbackBody(id)));
    assertThat(await(provider.status(ref)).videos()).isNotEmpty();
  }

  @Test
  void should_know_a_task_only_on_the_status_path_of_the_endpoint_that_made_it() {
    FaceSession session = await(provider.identifyFaces(VIDEO));
    TaskRef advanced = await(provider.submit(request(session)));

    Throwable failure = failure(provider.status(new TaskRef("cometapi", "lip-sync/" + advanced.taskId())));

    assertThat(failure).isInstanceOf(NotFoundException.class);
    assertThat(((LipSyncException) failure).vendorCode()).isEqualTo("1203");
    assertThat(await(provider.status(advanced)).state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void should_advance_a_task_as_time_passes_on_its_clock() {
    simulator.script(TaskScript.succeeds().after(Duration.ofMinutes(3)));
    FaceSession session = await(provider.identifyFaces(VIDEO));
    TaskRef ref = await(provider.submit(request(session)));

    TaskSnapshot early = await(provider.status(ref));
    clock.advance(Duration.ofMinutes(3));
    TaskSnapshot late = await(provider.status(ref));

    assertThat(early.state()).isEqualTo(TaskState.RUNNING);
    assertThat(late.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(late.updatedAt()).isEqualTo(Instant.parse("2026-01-01T00:03:00Z"));
  }

  @Test
  void should_render_faults_in_the_vendors_formats() throws IOException {
    simulator.inject(Endpoint.IDENTIFY, Fault.status(429, "3"));
    simulator.inject(Endpoint.IDENTIFY, Fault.businessCode(429, 1302));
    simulator.inject(Endpoint.IDENTIFY, Fault.errorIn200(1201));
    simulator.inject(Endpoint.IDENTIFY, Fault.htmlPage(200));

    try (Response plain = post("identify-face", "{\"video_url\": \"https://example.com/v.mp4\"}")) {
      Map<String, Object> body = MAP.fromJson(plain.body().string());
      assertThat(plain.code()).isEqualTo(429);
      assertThat(plain.header("Retry-After")).isEqualTo("3");
      assertThat(body.get("error")).isInstanceOf(Map.class);
      List<Object> fields = List.copyOf(((Map<?, ?>) body.get("error")).keySet());
      assertThat(fields).containsExactly("message", "type", "param", "code");
    }
    assertThat(failure(provider.identifyFaces(VIDEO))).isInstanceOf(RateLimitedException.class);
    assertThat(failure(provider.identifyFaces(VIDEO))).isInstanceOf(InvalidRequestException.class);
    assertThat(failure(provider.identifyFaces(VIDEO))).isInstanceOf(ProtocolException.class);
    assertThat(await(provider.identifyFaces(VIDEO)).faces()).hasSize(2);
  }

  @Test
  void should_refuse_a_wrong_key_in_cometapis_own_format() throws IOException {
    Request wrong = new Request.Builder().url(simulator.baseUrl() + "/kling/v1/videos/advanced-lip-sync/1")
        .header("Authorization", "Bearer sk-other").build();

    try (Response raw = http.newCall(wrong).execute()) {
      assertThat(raw.code()).isEqualTo(401);
      assertThat(MAP.fromJson(raw.body().string())).containsKey("error");
    }
    LipSyncException failure = (LipSyncException) failure(
        CometApiProvider.builder().apiKey("sk-other").baseUrl(simulator.baseUrl()).build().identifyFaces(VIDEO));
    assertThat(failure).isInstanceOf(AuthenticationException.class);
    assertThat(failure.vendorCode()).isEqualTo("invalid_api_key");
  }

  @Test
  void should_validate_the_lip_sync_endpoints_input() throws IOException {
    String text = "{\"input\": {\"task_id\": \"t\", \"video_id\": \"v\", \"mode\": \"text2video\","
        + " \"text\": \"Hi there\", \"voice_id\": \"uk_boy1\", \"voice_language\": \"en\", \"voice_speed\": %s}}";

    try (Response asString = post("lip-sync", text.formatted("\"1.2\""));
        Response asNumber = post("lip-sync", text.formatted("1.2"));
        Response tooFast = post("lip-sync", text.formatted("\"2.5\""));
        Response noTaskId = post("lip-sync", text.formatted("1").replace("\"task_id\": \"t\", ", ""));
        Response noAudio = post("lip-sync",
            "{\"input\": {\"task_id\": \"t\", \"video_id\": \"v\", \"mode\": \"audio2video\", \"audio_type\": \"url\"}}")) {
      assertThat(asString.code()).isEqualTo(200);
      assertThat(asNumber.code()).isEqualTo(200);
      assertThat(tooFast.code()).isEqualTo(400);
      assertThat(noTaskId.code()).isEqualTo(400);
      assertThat(noAudio.code()).isEqualTo(400);
    }
  }

  private static SubmitRequest request(FaceSession session) {
    return new SubmitRequest(session,
        List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), session.faces().get(0))),
        null, "sim-key");
  }

  private Response post(String path, String json) throws IOException {
    return http.newCall(new Request.Builder().url(simulator.baseUrl() + "/kling/v1/videos/" + path)
        .header("Authorization", "Bearer " + KEY)
        .post(RequestBody.create(json, MediaType.get("application/json")))
        .build()).execute();
  }

  private Response get(String path) throws IOException {
    return http.newCall(new Request.Builder().url(simulator.baseUrl() + "/kling/v1/videos/" + path)
        .header("Authorization", "Bearer " + KEY).build()).execute();
  }
}
