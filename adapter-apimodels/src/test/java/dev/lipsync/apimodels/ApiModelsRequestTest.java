package dev.lipsync.apimodels;

import static dev.lipsync.apimodels.TestSupport.KEY;
import static dev.lipsync.apimodels.TestSupport.answer;
import static dev.lipsync.apimodels.TestSupport.await;
import static dev.lipsync.apimodels.TestSupport.failure;
import static dev.lipsync.apimodels.TestSupport.json;
import static dev.lipsync.apimodels.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact requests the adapter sends: method, path, headers and the whole JSON body. */
class ApiModelsRequestTest {
  private static final String PENDING = """
      {"code": 200, "msg": "success", "data": {"taskId": "task-42", "state": "pending", "model": "kling-advanced-lip-sync"}}""";

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

  private static FaceSession session(String... faceIds) {
    return new FaceSession(
        "apimodels", "session_abc123", VideoSource.url("https://example.com/video.mp4"),
        java.util.Arrays.stream(faceIds).map(Face::of).toList());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  private static void assertCreate(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/audio/generations");
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
  }

  private static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }

  @Test
  void should_create_an_identify_task_exactly_as_the_page_shows_then_poll_it_by_task_id() throws Exception {
    server.enqueue(answer(200, resource("answer-pending.json")));
    server.enqueue(answer(200, resource("answer-identify-completed.json")));

    await(provider.identifyFaces(VideoSource.url("https://example.com/video.mp4")), clock);

    RecordedRequest create = take();
    assertCreate(create);
    assertThat(json(body(create))).isEqualTo(json(resource("identify-request.json")));
    RecordedRequest poll = take();
    assertThat(poll.getMethod()).isEqualTo("GET");
    assertThat(poll.getUrl().encodedPath()).isEqualTo("/api/v1/audio/generations");
    assertThat(poll.getUrl().queryParameterNames()).containsExactly("task_id");
    assertThat(poll.getUrl().queryParameter("task_id")).isEqualTo("clxxx...");
    assertThat(poll.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(body(poll)).isEmpty();
  }

  @Test
  void should_create_a_lip_sync_task_with_the_session_the_face_and_the_audio_url() throws Exception {
    server.enqueue(answer(200, PENDING));
    FaceSession session = session("face_001");

    TaskRef ref = await(provider.submit(new SubmitRequest(session,
        List.of(ResolvedDub.of(lasting(AudioSource.url("https://example.com/speech.mp3"), 4_200), Face.of("face_001"))),
        null, "job-1")), clock);

    assertThat(ref).isEqualTo(new TaskRef("apimodels", "task-42"));
    RecordedRequest request = take();
    assertCreate(request);
    assertThat(json(body(request))).isEqualTo(json("""
        {
          "model": "kling-advanced-lip-sync",
          "session_id": "session_abc123",
          "face_choose": [{"face_id": "face_001", "sound_file": "https://example.com/speech.mp3",
                           "sound_start_time": 0, "sound_end_time": 4200, "sound_insert_time": 0}]
        }"""));
    assertThat(body(request)).as("no idempotency key: the vendor takes none").doesNotContain("job-1");
  }

  @Test
  void should_refuse_a_dub_without_a_clip_whose_audio_length_is_unknown_sending_nothing() {
    Throwable failure = failure(provider.submit(new SubmitRequest(session("face_001"),
        List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/speech.mp3")), Face.of("face_001"))),
        null, "job-1")), clock);

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("requires the clip's times");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_send_the_clip_the_insert_time_and_both_volumes_under_upstream_names() throws Exception {
    server.enqueue(answer(200, PENDING));
    Dub dub = Dub.builder()
        .audio(AudioSource.url("https://example.com/speech.mp3"))
        .clip(500, 4_500)
        .insertAtMs(1_000)
        .volume(1.5)
        .originalVolume(0.2)
        .build();

    await(provider.submit(new SubmitRequest(session("face_001"),
        List.of(ResolvedDub.of(dub, Face.of("face_001"))), null, "job-2")), clock);

    assertThat(json(body(take()))).isEqualTo(json("""
        {
          "model": "kling-advanced-lip-sync",
          "session_id": "session_abc123",
          "face_choose": [{
            "face_id": "face_001",
            "sound_file": "https://example.com/speech.mp3",
            "sound_start_time": 500,
            "sound_end_time": 4500,
            "sound_insert_time": 1000,
            "sound_volume": 1.5,
            "original_audio_volume": 0.2
          }]
        }"""));
  }

  @Test
  void should_refuse_several_faces_in_one_request_by_default_sending_nothing() {
    Throwable failure = failure(provider.submit(new SubmitRequest(session("face_001", "face_002"), List.of(
        ResolvedDub.of(lasting(AudioSource.url("https://example.com/a.mp3"), 3_000), Face.of("face_001")),
        ResolvedDub.of(lasting(AudioSource.url("https://example.com/b.wav"), 5_000), Face.of("face_002"))),
        null, "job-3")), clock);

    assertThat(LipSyncException.causeOf(failure)).isInstanceOf(NotSupportedException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_dub_several_faces_in_one_request_where_the_limit_is_lifted() throws Exception {
    ApiModelsProvider provider = ApiModelsProvider.builder().apiKey(TestSupport.KEY)
        .baseUrl(server.url("/").toString()).scheduler(clock).client(TestSupport.CLIENT)
        .maxFacesPerTask(2).build();
    server.enqueue(answer(200, PENDING));

    await(provider.submit(new SubmitRequest(session("face_001", "face_002"), List.of(
        ResolvedDub.of(lasting(AudioSource.url("https://example.com/a.mp3"), 3_000), Face.of("face_001")),
        ResolvedDub.of(lasting(AudioSource.url("https://example.com/b.wav"), 5_000), Face.of("face_002"))),
        null, "job-3")), clock);

    assertThat(json(body(take()))).isEqualTo(json("""
        {
          "model": "kling-advanced-lip-sync",
          "session_id": "session_abc123",
          "face_choose": [
            {"face_id": "face_001", "sound_file": "https://example.com/a.mp3",
             "sound_start_time": 0, "sound_end_time": 3000, "sound_insert_time": 0},
            {"face_id": "face_002", "sound_file": "https://example.com/b.wav",
             "sound_start_time": 0, "sound_end_time": 5000, "sound_insert_time": 0}
          ]
        }"""));
  }

  @Test
  void should_pass_the_callback_url_when_given() throws Exception {
    server.enqueue(answer(200, PENDING));

    await(provider.submit(new SubmitRequest(session("face_001"),
        List.of(ResolvedDub.of(lasting(AudioSource.url("https://example.com/speech.mp3"), 2_000), Face.of("face_001"))),
        URI.create("https://hooks.example.com/kling-lip-sync?job=7"), "job-4")), clock);

    assertThat(json(body(take()))).isEqualTo(json("""
        {
          "model": "kling-advanced-lip-sync",
          "session_id": "session_abc123",
          "face_choose": [{"face_id": "face_001", "sound_file": "https://example.com/speech.mp3",
                           "sound_start_time": 0, "sound_end_time": 2000, "sound_insert_time": 0}],
          "callback_url": "https://hooks.example.com/kling-lip-sync?job=7"
        }"""));
  }

  @Test
  void should_ask_for_a_task_by_its_id_in_the_query() throws Exception {
    server.enqueue(answer(200, resource("answer-lipsync-completed.json")));

    await(provider.status(new TaskRef("apimodels", "clxxx...")), clock);

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/audio/generations");
    assertThat(request.getUrl().encodedQuery()).isEqualTo("task_id=clxxx...");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(body(request)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bytes", "vendor audio", "speech"})
  void should_send_nothing_for_audio_it_does_not_take(String kind) {
    AudioSource audio = switch (kind) {
      case "bytes" -> AudioSource.bytes(new byte[] {1, 2, 3}, AudioFormat.MP3);
      case "vendor audio" -> AudioSource.vendorAudio("audio-1");
      default -> AudioSource.speech("Hello", "oversea_male1", VoiceLanguage.EN);
    };

    Throwable failure = failure(provider.submit(new SubmitRequest(session("face_001"),
        List.of(ResolvedDub.of(Dub.of(audio), Face.of("face_001"))), null, "job-5")), clock);

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("apimodels");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_send_nothing_to_identify_a_video_given_by_vendor_id() {
    Throwable failure = failure(provider.identifyFaces(VideoSource.vendorVideo("kling-video-1")), clock);

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("video URL");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_send_nothing_with_a_session_of_another_vendor() {
    FaceSession elsewhere = new FaceSession(
        "cometapi", "s-1", VideoSource.url("https://example.com/video.mp4"), List.of(Face.of("0")));

    Throwable failure = failure(provider.submit(new SubmitRequest(elsewhere,
        List.of(ResolvedDub.of(lasting(AudioSource.url("https://example.com/a.mp3"), 3_000), Face.of("0"))),
        null, "job-6")), clock);

    assertThat(failure).isInstanceOf(InvalidRequestException.class).hasMessageContaining("cometapi");
    assertThat(server.getRequestCount()).isZero();
  }

  /** A dub of {@code audio} without a clip, whose length the gateway has measured. */
  private static Dub lasting(AudioSource audio, long ms) {
    return Dub.builder().audio(audio).audioLength(java.time.Duration.ofMillis(ms)).build();
  }
}
