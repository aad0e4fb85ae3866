package dev.lipsync.alad;

import static dev.lipsync.alad.Fixtures.KEY;
import static dev.lipsync.alad.Fixtures.await;
import static dev.lipsync.alad.Fixtures.json;
import static dev.lipsync.alad.Fixtures.parse;
import static dev.lipsync.alad.Fixtures.read;
import static dev.lipsync.alad.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests alad receives. */
class AladRequestTest {
  private static final String CREATED = "{\"code\": 0, \"message\": \"SUCCEED\", \"data\": {\"task_id\": \"t-1\"}}";
  private static final String IDENTIFIED =
      "{\"code\": 0, \"data\": {\"session_id\": \"s-1\", \"face_list\": []}}";

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

  @Test
  void should_identify_a_video_by_url() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(VideoSource.url("https://example.com/interview.mp4")));

    RecordedRequest request = takeJsonPost("/kling/v1/videos/identify-face");
    assertThat(parse(request.getBody().utf8()))
        .isEqualTo(parse("{\"video_url\": \"https://example.com/interview.mp4\"}"));
  }

  @Test
  void should_identify_a_video_by_kling_video_id() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(VideoSource.vendorVideo("vid-2f9c")));

    RecordedRequest request = takeJsonPost("/kling/v1/videos/identify-face");
    assertThat(parse(request.getBody().utf8())).isEqualTo(parse("{\"video_id\": \"vid-2f9c\"}"));
  }

  @Test
  void should_send_text_mode_exactly_as_the_page_shows() throws Exception {
    server.enqueue(json(200, CREATED));
    AudioSource speech = AudioSource.speech("Hello, welcome to my channel", "girlfriend_1_cn", VoiceLanguage.ZH);

    TaskRef ref = await(provider.submit(request(Face.of("0"), speech)));

    RecordedRequest request = takeJsonPost("/kling/v1/videos/advanced-lip-sync");
    assertThat(parse(request.getBody().utf8())).isEqualTo(parse(read("request-text-mode.json")));
    assertThat(ref).isEqualTo(new TaskRef("alad", "t-1"));
  }

  @Test
  void should_send_audio_mode_exactly_as_the_page_shows() throws Exception {
    server.enqueue(json(200, CREATED));

    await(provider.submit(request(Face.of("0"), AudioSource.url("https://example.com/speech.mp3"))));

    RecordedRequest request = takeJsonPost("/kling/v1/videos/advanced-lip-sync");
    assertThat(parse(request.getBody().utf8())).isEqualTo(parse(read("request-audio-mode.json")));
  }

  @Test
  void should_send_the_faces_thumbnail_as_the_face_reference_image() throws Exception {
    server.enqueue(json(200, CREATED));
    Face face = new Face("0", 0L, 5_200L, URI.create("https://cdn.example.com/faces/0.jpg"), null);

    await(provider.submit(request(face, AudioSource.url("https://example.com/speech.mp3"))));

    assertThat(parse(takeJsonPost("/kling/v1/videos/advanced-lip-sync").getBody().utf8())).isEqualTo(parse("""
        {
          "input": {
            "session_id": "YOUR_SESSION_ID",
            "face_image_url": "https://cdn.example.com/faces/0.jpg",
            "audio_url": "https://example.com/speech.mp3"
          }
        }"""));
  }

  @Test
  void should_send_the_face_reference_image_in_text_mode_too() throws Exception {
    server.enqueue(json(200, CREATED));
    Face face = new Face("0", null, null, URI.create("https://cdn.example.com/faces/0.jpg"), null);
    AudioSource speech = AudioSource.speech("Hi there", "oversea_male1", VoiceLanguage.EN);

    await(provider.submit(request(face, speech)));

    assertThat(parse(takeJsonPost("/kling/v1/videos/advanced-lip-sync").getBody().utf8())).isEqualTo(parse("""
        {
          "input": {
            "session_id": "YOUR_SESSION_ID",
            "face_image_url": "https://cdn.example.com/faces/0.jpg",
            "text": "Hi there",
            "voice_id": "oversea_male1",
            "voice_language": "en"
          }
        }"""));
  }

  @Test
  void should_name_a_chosen_face_of_several_by_exactly_its_picture() throws Exception {
    server.enqueue(json(200, CREATED));
    Face pictured = new Face("1", null, null, URI.create("https://cdn.example.com/faces/cometapi-ben.png"), null);
    AudioSource speech = AudioSource.speech("Hi there", "oversea_male1", VoiceLanguage.EN);

    await(provider.submit(twoFaces(FaceSelector.nthByAppearance(2), pictured, speech)));

    assertThat(parse(takeJsonPost("/kling/v1/videos/advanced-lip-sync").getBody().utf8())).isEqualTo(parse("""
        {
          "input": {
            "session_id": "YOUR_SESSION_ID",
            "face_image_url": "https://cdn.example.com/faces/cometapi-ben.png",
            "text": "Hi there",
            "voice_id": "oversea_male1",
            "voice_language": "en"
          }
        }"""));
  }

  @Test
  void should_send_no_face_reference_image_for_a_face_left_to_alad() throws Exception {
    server.enqueue(json(200, CREATED));

    await(provider.submit(
        twoFaces(FaceSelector.unnamed(), Face.of("0"), AudioSource.url("https://example.com/speech.mp3"))));

    assertThat(parse(takeJsonPost("/kling/v1/videos/advanced-lip-sync").getBody().utf8()))
        .isEqualTo(parse(read("request-audio-mode.json")));
  }

  @Test
  void should_send_nothing_for_a_named_face_of_several_without_a_picture() throws Exception {
    Throwable failure = Fixtures.failure(provider.submit(
        twoFaces(FaceSelector.nthByAppearance(2), Face.of("1"), AudioSource.url("https://example.com/speech.mp3"))));

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("takes no face id, and no picture is known of the face dub[0] names"
            + " (NthByAppearance[n=2])");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_send_neither_callback_url_nor_idempotency_key_as_alad_documents_neither() throws Exception {
    server.enqueue(json(200, CREATED));
    FaceSession session = session(Face.of("0"));
    SubmitRequest request = new SubmitRequest(session,
        List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/speech.mp3")), Face.of("0"))),
        URI.create("https://app.example.com/hooks/lipsync"), "job-key-4711");

    await(provider.submit(request));

    String body = takeJsonPost("/kling/v1/videos/advanced-lip-sync").getBody().utf8();
    assertThat(parse(body)).isEqualTo(parse(read("request-audio-mode.json")));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void should_query_a_task_by_its_id_with_a_bodiless_get() throws Exception {
    server.enqueue(json(200, read("status-guide-processing.json")));

    await(provider.status(new TaskRef("alad", "842250903629086785")));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/kling/v1/videos/advanced-lip-sync/842250903629086785");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getBodySize()).isZero();
  }

  @Test
  void should_keep_a_path_prefix_of_the_base_url() throws Exception {
    AladProvider prefixed = AladProvider.builder().apiKey(KEY).baseUrl(server.url("/proxy/alad").toString()).build();
    server.enqueue(json(200, read("status-guide-processing.json")));

    await(prefixed.status(new TaskRef("alad", "t-9")));

    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/proxy/alad/kling/v1/videos/advanced-lip-sync/t-9");
  }

  /** One dub on {@code face}, as {@code selector} chose it in a session of two faces. */
  private static SubmitRequest twoFaces(FaceSelector selector, Face face, AudioSource audio) {
    FaceSession session = session(Face.of("0"), Face.of("1"));
    Dub dub = Dub.builder().face(selector).audio(audio).build();
    return new SubmitRequest(session, List.of(ResolvedDub.of(dub, face)), List.of(selector), null, "key-1");
  }

  private static SubmitRequest request(Face face, AudioSource audio) {
    FaceSession session = session(face);
    return new SubmitRequest(session, List.of(ResolvedDub.of(Dub.of(audio), face)), null, "key-1");
  }

  private RecordedRequest takeJsonPost(String path) throws InterruptedException {
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    return request;
  }
}
