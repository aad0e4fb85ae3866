package dev.lipsync.apimodels;

import static dev.lipsync.apimodels.TestSupport.KEY;
import static dev.lipsync.apimodels.TestSupport.answer;
import static dev.lipsync.apimodels.TestSupport.await;
import static dev.lipsync.apimodels.TestSupport.json;
import static dev.lipsync.apimodels.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.apimodels.ApiModelsProvider.Variant;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests of the localized variant ({@link Variant#LOCALIZED}): the path {@code
 * /api/v1/video/generations}, the model {@code kling-lip-sync-video} and every field in camelCase.
 * {@link ApiModelsRequestTest} holds the standard variant's, unchanged.
 */
class ApiModelsLocalizedRequestTest {
  private static final String PATH = "/api/v1/video/generations";
  private static final String PENDING = """
      {"code": 200, "msg": "success", "data": {"taskId": "task-42", "state": "pending", "model": "kling-lip-sync-video"}}""";

  private final MockWebServer server = new MockWebServer();
  private final ManualScheduler clock = new ManualScheduler();
  private ApiModelsProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = ApiModelsProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .variant(Variant.LOCALIZED)
        .scheduler(clock)
        .requestTimeout(Duration.ofSeconds(5))
        .client(TestSupport.CLIENT)
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static FaceSession session(String faceId) {
    return new FaceSession(
        "apimodels", "session_abc123", VideoSource.url("https://example.com/video.mp4"), List.of(Face.of(faceId)));
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  private static void assertCreate(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(PATH);
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
  }

  private static void assertPoll(RecordedRequest request, String taskId) {
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo(PATH);
    assertThat(request.getUrl().queryParameterNames()).containsExactly("task_id");
    assertThat(request.getUrl().queryParameter("task_id")).isEqualTo(taskId);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(body(request)).isEmpty();
  }

  private static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  @Test
  void should_create_an_identify_task_on_the_localized_path_and_read_its_result_json() throws Exception {
    server.enqueue(answer(200, resource("answer-pending.json")));
    server.enqueue(answer(200, resource("answer-identify-completed-result-json.json")));

    FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/video.mp4")), clock);

    assertThat(session.sessionId()).isEqualTo("session_abc123");
    assertThat(session.faces()).extracting(Face::id).containsExactly("face_001");
    RecordedRequest create = take();
    assertCreate(create);
    // The page names no identify model and no video field: the en page's model, the camelCase field.
    assertThat(json(body(create))).isEqualTo(json("""
        {"model": "kling-identify-face", "videoUrl": "https://example.com/video.mp4"}"""));
    assertPoll(take(), "clxxx...");
  }

  @Test
  void should_create_a_lip_sync_task_with_every_field_in_camel_case() throws Exception {
    server.enqueue(answer(200, PENDING));
    Dub dub = Dub.builder()
        .audio(AudioSource.url("https://example.com/speech.mp3"))
        .clip(500, 4_500)
        .insertAtMs(1_000)
        .volume(1.5)
        .originalVolume(0.2)
        .build();

    TaskRef ref = await(provider.submit(new SubmitRequest(session("face_001"),
        List.of(ResolvedDub.of(dub, Face.of("face_001"))),
        URI.create("https://hooks.example.com/kling-lip-sync?job=7"), "job-1")), clock);

    assertThat(ref).isEqualTo(new TaskRef("apimodels", "task-42"));
    RecordedRequest request = take();
    assertCreate(request);
    assertThat(json(body(request))).isEqualTo(json("""
        {
          "model": "kling-lip-sync-video",
          "sessionId": "session_abc123",
          "faceChoose": [{
            "faceId": "face_001",
            "audioUrl": "https://example.com/speech.mp3",
            "soundStartTime": 500,
            "soundEndTime": 4500,
            "soundInsertTime": 1000,
            "soundVolume": 1.5,
            "originalAudioVolume": 0.2
          }],
          "callbackUrl": "https://hooks.example.com/kling-lip-sync?job=7"
        }"""));
    assertThat(body(request)).as("no idempotency key: the vendor takes none").doesNotContain("job-1");
  }

  @Test
  void should_always_send_the_times_and_leave_out_the_volumes_not_set() throws Exception {
    server.enqueue(answer(200, PENDING));
    Dub dub = Dub.builder()
        .audio(AudioSource.url("https://example.com/speech.mp3"))
        .audioLength(Duration.ofMillis(4_200))
        .build();

    await(provider.submit(new SubmitRequest(session("face_001"),
        List.of(ResolvedDub.of(dub, Face.of("face_001"))), null, "job-2")), clock);

    assertThat(json(body(take()))).isEqualTo(json("""
        {
          "model": "kling-lip-sync-video",
          "sessionId": "session_abc123",
          "faceChoose": [{"faceId": "face_001", "audioUrl": "https://example.com/speech.mp3",
                          "soundStartTime": 0, "soundEndTime": 4200, "soundInsertTime": 0}]
        }"""));
  }

  @Test
  void should_ask_for_a_task_on_the_localized_path() throws Exception {
    server.enqueue(answer(200, resource("answer-lipsync-completed.json")));

    await(provider.status(new TaskRef("apimodels", "clxxx...")), clock);

    RecordedRequest request = take();
    assertPoll(request, "clxxx...");
    assertThat(request.getUrl().encodedQuery()).isEqualTo("task_id=clxxx...");
  }

  @Test
  void should_speak_the_variant_the_environment_names() throws Exception {
    ApiModelsProvider fromEnvironment = ApiModelsProvider.fromEnvironment(Map.of(
            "APIMODELS_KEY", KEY, "APIMODELS_BASE_URL", server.url("/").toString(), "APIMODELS_VARIANT", "localized"))
        .orElseThrow();
    server.enqueue(answer(200, resource("answer-lipsync-completed.json")));

    fromEnvironment.status(new TaskRef("apimodels", "clxxx...")).get(5, TimeUnit.SECONDS);

    assertPoll(take(), "clxxx...");
  }

  @Test
  void should_speak_the_standard_variant_when_told_so_explicitly() throws Exception {
    ApiModelsProvider standard = ApiModelsProvider.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .variant(Variant.LOCALIZED)
        .variant(Variant.STANDARD)
        .scheduler(clock)
        .client(TestSupport.CLIENT)
        .build();
    server.enqueue(answer(200, PENDING));

    await(standard.submit(new SubmitRequest(session("face_001"), List.of(ResolvedDub.of(
        Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 3_000).build(),
        Face.of("face_001"))), null, "job-3")), clock);

    RecordedRequest request = take();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/audio/generations");
    assertThat(json(body(request))).isEqualTo(json("""
        {
          "model": "kling-advanced-lip-sync",
          "session_id": "session_abc123",
          "face_choose": [{"face_id": "face_001", "sound_file": "https://example.com/a.mp3",
                           "sound_start_time": 0, "sound_end_time": 3000, "sound_insert_time": 0}]
        }"""));
  }
}
