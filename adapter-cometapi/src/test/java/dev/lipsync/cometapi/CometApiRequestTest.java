package dev.lipsync.cometapi;

import static dev.lipsync.cometapi.TestSupport.KEY;
import static dev.lipsync.testkit.LoopbackTests.await;
import static dev.lipsync.testkit.LoopbackTests.compact;
import static dev.lipsync.testkit.LoopbackTests.failure;
import static dev.lipsync.testkit.LoopbackTests.json;
import static dev.lipsync.cometapi.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.testkit.LoopbackTests;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests CometAPI receives, one test per variant. */
class CometApiRequestTest {
  private static final String CREATED =
      "{\"code\": 0, \"message\": \"SUCCEED\", \"request_id\": \"r-1\","
          + " \"data\": {\"task_id\": \"842250903629086785\", \"task_status\": \"submitted\"}}";
  private static final String IDENTIFIED =
      "{\"code\": 0, \"message\": \"SUCCEED\", \"request_id\": \"r-0\","
          + " \"data\": {\"session_id\": \"s-1\", \"face_data\": [{\"face_id\": \"0\"}]}}";
  private static final String STATUS =
      "{\"code\": 0, \"message\": \"SUCCEED\", \"request_id\": \"r-2\","
          + " \"data\": {\"task_id\": \"842250903629086785\", \"task_status\": \"processing\"}}";
  private static final JsonAdapter<Map<String, Object>> MAP =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private static final VideoSource URL_VIDEO = VideoSource.url("https://example.com/interview.mp4");
  private static final VideoSource.VendorVideo KLING_VIDEO =
      VideoSource.vendorVideo("1f936158-ea15-4775-84c9-78391705b734").withTaskId("CjilGmfJXYIAAAAAADleeQ");
  private static final Face ANA = new Face("0", 0L, 4_000L, null, null);
  private static final Face BEN = new Face("1", 2_000L, 9_000L, null, null);

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
  void should_identify_a_video_by_url() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(URL_VIDEO));

    assertPost("/kling/v1/videos/identify-face", "{\"video_url\":\"https://example.com/interview.mp4\"}");
  }

  @Test
  void should_identify_a_kling_video_by_id() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(KLING_VIDEO));

    assertPost("/kling/v1/videos/identify-face", "{\"video_id\":\"1f936158-ea15-4775-84c9-78391705b734\"}");
  }

  // ---- advanced lip-sync ---------------------------------------------------------------------

  @Test
  void should_send_the_times_as_numbers_by_default_as_kling_reads_them() throws Exception {
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = new ResolvedDub(Face.of("<face_id>"), AudioSource.url("https://your-audio-host/speech.wav"),
        new AudioClip(0, 2_000), 500L, null, null);

    await(provider.submit(new SubmitRequest(session("<session_id>", ANA), List.of(dub), null, "job-1")));

    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-1",
         "face_choose":[{"face_id":"<face_id>","sound_end_time":2000,
           "sound_file":"https://your-audio-host/speech.wav","sound_insert_time":500,"sound_start_time":0}],
         "session_id":"<session_id>"}""");
  }

  @Test
  void should_insert_the_audio_where_the_chosen_face_first_appears_unless_the_job_says() throws Exception {
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = ResolvedDub.of(lasting(AudioSource.url("https://example.com/b.wav"), 6_000), BEN);

    await(provider.submit(new SubmitRequest(session("s-1", ANA, BEN), List.of(dub), null, "job-9")));

    // The three times are required upstream: the whole audio, inserted where BEN first appears (2 s).
    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-9","face_choose":[{"face_id":"1","sound_end_time":6000,
           "sound_file":"https://example.com/b.wav","sound_insert_time":2000,"sound_start_time":0}],
         "session_id":"s-1"}""");
  }

  @Test
  void should_send_at_most_the_first_sixty_seconds_of_a_longer_audio_without_a_clip() throws Exception {
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = ResolvedDub.of(lasting(AudioSource.url("https://example.com/long.mp3"), 95_000), ANA);

    await(provider.submit(new SubmitRequest(session("s-1", ANA), List.of(dub), null, "job-9")));

    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-9","face_choose":[{"face_id":"0","sound_end_time":60000,
           "sound_file":"https://example.com/long.mp3","sound_insert_time":0,"sound_start_time":0}],
         "session_id":"s-1"}""");
  }

  @Test
  void should_refuse_a_dub_without_a_clip_whose_audio_length_is_unknown_sending_nothing() {
    ResolvedDub dub = ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/b.wav")), ANA);

    Throwable failure = LoopbackTests.failure(
        provider.submit(new SubmitRequest(session("s-1", ANA), List.of(dub), null, "job-9")));

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("requires the clip's times").hasMessageContaining("--audio-start-ms");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_send_audio_by_url_with_clip_insert_time_and_volumes_as_the_page_documents() throws Exception {
    // The page shows the times as strings: the setting that writes them so.
    CometApiProvider provider = CometApiProvider.builder().apiKey(KEY).baseUrl(server.url("/").toString())
        .times(CometApiProvider.Times.STRINGS).build();
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = new ResolvedDub(Face.of("<face_id>"), AudioSource.url("https://your-audio-host/speech.wav"),
        new AudioClip(0, 2_000), 0L, 1.0, 0.0);
    SubmitRequest request = new SubmitRequest(session("<session_id>", ANA), List.of(dub), null, "job-1");

    TaskRef ref = await(provider.submit(request));

    RecordedRequest sent = assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-1",
         "face_choose":[{"face_id":"<face_id>","original_audio_volume":0.0,"original_sound_volume":0.0,
           "sound_end_time":"2000",
           "sound_file":"https://your-audio-host/speech.wav","sound_insert_time":"0",
           "sound_start_time":"0","sound_volume":1.0}],
         "session_id":"<session_id>"}""");
    Map<String, Object> documented = new LinkedHashMap<>(parse(resource("advanced-create-request.page.json")));
    documented.put("external_task_id", "job-1");
    // The page's body, plus the original volume under upstream Kling's name, which Kling reads.
    @SuppressWarnings("unchecked")
    Map<String, Object> face = (Map<String, Object>) ((List<Object>) documented.get("face_choose")).get(0);
    face.put("original_audio_volume", face.get("original_sound_volume"));
    assertThat(parse(sent.getBody().utf8())).isEqualTo(documented);
    assertThat(ref).isEqualTo(new TaskRef("cometapi", "842250903629086785"));
  }

  @Test
  void should_send_audio_bytes_as_base64_in_sound_file() throws Exception {
    server.enqueue(json(200, CREATED));
    byte[] mp3 = "ID3-fake-mp3".getBytes(StandardCharsets.US_ASCII);
    SubmitRequest request = new SubmitRequest(session("s-1", ANA),
        List.of(ResolvedDub.of(lasting(AudioSource.bytes(mp3, AudioFormat.MP3), 3_000), ANA)), null, "job-2");

    await(provider.submit(request));

    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-2","face_choose":[{"face_id":"0","sound_end_time":3000,
           "sound_file":"SUQzLWZha2UtbXAz","sound_insert_time":0,"sound_start_time":0}],
         "session_id":"s-1"}""");
  }

  @Test
  void should_send_a_kling_audio_id_as_audio_id() throws Exception {
    server.enqueue(json(200, CREATED));
    SubmitRequest request = new SubmitRequest(session("s-1", ANA),
        List.of(ResolvedDub.of(
            Dub.builder().audio(AudioSource.vendorAudio("audio-778")).clip(0, 2_500).build(), ANA)),
        null, "job-3");

    await(provider.submit(request));

    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-3","face_choose":[{"audio_id":"audio-778","face_id":"0","sound_end_time":2500,
           "sound_insert_time":0,"sound_start_time":0}],
         "session_id":"s-1"}""");
  }

  @Test
  void should_refuse_two_faces_in_one_task_by_default_sending_nothing() {
    ResolvedDub first = ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/a.mp3")), ANA);
    ResolvedDub second = ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/b.wav")), BEN);

    Throwable failure = LoopbackTests.failure(
        provider.submit(new SubmitRequest(session("s-2", ANA, BEN), List.of(first, second), null, "job-4")));

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("face");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_send_one_face_choose_entry_per_face_where_the_limit_is_lifted() throws Exception {
    CometApiProvider provider = CometApiProvider.builder().apiKey(TestSupport.KEY)
        .baseUrl(server.url("/").toString()).maxFacesPerTask(2).build();
    server.enqueue(json(200, CREATED));
    ResolvedDub first = ResolvedDub.of(
        Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(500, 4_500).build(), ANA);
    ResolvedDub second = ResolvedDub.of(
        Dub.builder().audio(AudioSource.url("https://example.com/b.wav")).insertAtMs(2_500).volume(1.5)
            .originalVolume(0.2).audioLength(Duration.ofMillis(5_000)).build(), BEN);
    SubmitRequest request = new SubmitRequest(session("s-2", ANA, BEN), List.of(first, second), null, "job-4");

    await(provider.submit(request));

    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-4","face_choose":[
          {"face_id":"0","sound_end_time":4500,"sound_file":"https://example.com/a.mp3","sound_insert_time":0,
           "sound_start_time":500},
          {"face_id":"1","original_audio_volume":0.2,"original_sound_volume":0.2,"sound_end_time":5000,
           "sound_file":"https://example.com/b.wav","sound_insert_time":2500,"sound_start_time":0,"sound_volume":1.5}],
         "session_id":"s-2"}""");
  }

  @Test
  void should_ask_for_a_watermarked_copy_only_when_the_job_does() throws Exception {
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = ResolvedDub.of(lasting(AudioSource.url("https://example.com/a.mp3"), 3_000), ANA);
    FaceSession session = session("s-1", ANA);

    await(provider.submit(new SubmitRequest(session, List.of(dub),
        List.of(FaceSelector.byId(ANA.id())), null, "job-w", true)));

    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"external_task_id":"job-w","face_choose":[{"face_id":"0","sound_end_time":3000,
           "sound_file":"https://example.com/a.mp3","sound_insert_time":0,"sound_start_time":0}],
         "session_id":"s-1","watermark_info":{"enabled":true}}""");
  }

  @Test
  void should_send_the_callback_url_and_the_idempotency_key() throws Exception {
    server.enqueue(json(200, CREATED));
    SubmitRequest request = new SubmitRequest(session("s-1", ANA),
        List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 2_000).build(), ANA)),
        URI.create("https://hooks.example.com/lipsync?job=42"), "order-2026-0042");

    await(provider.submit(request));

    assertPost("/kling/v1/videos/advanced-lip-sync", """
        {"callback_url":"https://hooks.example.com/lipsync?job=42","external_task_id":"order-2026-0042",
         "face_choose":[{"face_id":"0","sound_end_time":2000,"sound_file":"https://example.com/a.mp3",
           "sound_insert_time":0,"sound_start_time":0}],"session_id":"s-1"}""");
  }

  @Test
  void should_ask_the_advanced_status_path_with_the_task_id_as_given() throws Exception {
    server.enqueue(json(200, STATUS));

    await(provider.status(new TaskRef("cometapi", "842250903629086785")));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/kling/v1/videos/advanced-lip-sync/842250903629086785");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  // ---- the older lip-sync endpoint -----------------------------------------------------------

  @Test
  void should_send_text_mode_to_the_lip_sync_endpoint_as_the_page_documents() throws Exception {
    server.enqueue(json(200, CREATED));
    AudioSource speech = AudioSource.speech("It's a beautiful day.", "girlfriend_4_speech02", VoiceLanguage.EN);
    SubmitRequest request = new SubmitRequest(session("s-3", KLING_VIDEO, ANA),
        List.of(ResolvedDub.of(Dub.of(speech), ANA)), URI.create("https://hooks.example.com/x"), "job-5");

    TaskRef ref = await(provider.submit(request));

    RecordedRequest sent = assertPost("/kling/v1/videos/lip-sync", """
        {"input":{"mode":"text2video","task_id":"CjilGmfJXYIAAAAAADleeQ","text":"It's a beautiful day.",
          "video_id":"1f936158-ea15-4775-84c9-78391705b734","voice_id":"girlfriend_4_speech02",
          "voice_language":"en"}}""");
    assertThat(parse(sent.getBody().utf8())).isEqualTo(parse(resource("legacy-create-request.page.json")));
    assertThat(ref).isEqualTo(new TaskRef("cometapi", "lip-sync/842250903629086785"));
  }

  @Test
  void should_send_a_voice_speed_other_than_normal_as_a_string() throws Exception {
    server.enqueue(json(200, CREATED));
    AudioSource speech = AudioSource.speech("你好", "girlfriend_1_cn", VoiceLanguage.ZH).withSpeed(1.5);
    SubmitRequest request = new SubmitRequest(session("s-3", KLING_VIDEO, ANA),
        List.of(ResolvedDub.of(Dub.of(speech), ANA)), null, "job-6");

    await(provider.submit(request));

    assertPost("/kling/v1/videos/lip-sync", """
        {"input":{"mode":"text2video","task_id":"CjilGmfJXYIAAAAAADleeQ","text":"你好",
          "video_id":"1f936158-ea15-4775-84c9-78391705b734","voice_id":"girlfriend_1_cn",
          "voice_language":"zh","voice_speed":"1.5"}}""");
  }

  @Test
  void should_send_audio_mode_by_url_to_the_lip_sync_endpoint() throws Exception {
    server.enqueue(json(200, CREATED));
    SubmitRequest request = new SubmitRequest(session("s-3", KLING_VIDEO, ANA),
        List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/line.mp3")), ANA)), null, "job-7");

    // submit() gives such a request to the advanced endpoint, which serves it too, with more settings.
    await(provider.submitTo(LipSyncEndpoint.LEGACY, request));

    assertPost("/kling/v1/videos/lip-sync", """
        {"input":{"audio_type":"url","audio_url":"https://example.com/line.mp3","mode":"audio2video",
          "task_id":"CjilGmfJXYIAAAAAADleeQ","video_id":"1f936158-ea15-4775-84c9-78391705b734"}}""");
  }

  @Test
  void should_send_audio_bytes_as_a_base64_file_to_the_lip_sync_endpoint() throws Exception {
    server.enqueue(json(200, CREATED));
    byte[] wav = "RIFF-fake".getBytes(StandardCharsets.US_ASCII);
    SubmitRequest request = new SubmitRequest(session("s-3", KLING_VIDEO, ANA),
        List.of(ResolvedDub.of(Dub.of(AudioSource.bytes(wav, AudioFormat.WAV)), ANA)), null, "job-8");

    await(provider.submitTo(LipSyncEndpoint.LEGACY, request));

    assertPost("/kling/v1/videos/lip-sync", """
        {"input":{"audio_file":"UklGRi1mYWtl","audio_type":"file","mode":"audio2video",
          "task_id":"CjilGmfJXYIAAAAAADleeQ","video_id":"1f936158-ea15-4775-84c9-78391705b734"}}""");
  }

  @Test
  void should_ask_the_lip_sync_status_path_for_a_task_of_the_older_endpoint() throws Exception {
    server.enqueue(json(200, STATUS));

    await(provider.status(new TaskRef("cometapi", "lip-sync/CjilGmfJXYIAAAAAADleeQ")));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/kling/v1/videos/lip-sync/CjilGmfJXYIAAAAAADleeQ");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  // ---- refusals: nothing is sent -------------------------------------------------------------

  @Test
  void should_refuse_text_for_a_kling_video_without_its_task_id_before_sending() {
    VideoSource noTaskId = VideoSource.vendorVideo("1f936158-ea15-4775-84c9-78391705b734");
    AudioSource speech = AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN);
    LipSyncJob job = LipSyncJob.builder().video(noTaskId).audio(speech).build();
    SubmitRequest request = new SubmitRequest(session("s-3", noTaskId, ANA),
        List.of(ResolvedDub.of(Dub.of(speech), ANA)), null, "job-9");

    Throwable failure = failure(provider.submit(request));

    assertThat(provider.capabilities().whyNot(job)).as("a task id is no kind of video").isEmpty();
    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("task");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_refuse_text_for_a_video_by_url_before_sending() {
    AudioSource speech = AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN);
    SubmitRequest request = new SubmitRequest(session("s-1", ANA),
        List.of(ResolvedDub.of(Dub.of(speech), ANA)), null, "job-10");

    assertThat(failure(provider.submit(request))).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("cometapi");
    assertThat(provider.capabilities().whyNot(LipSyncJob.builder().video(URL_VIDEO).audio(speech).build()))
        .isPresent();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_refuse_text_when_the_session_holds_several_faces_before_sending() {
    AudioSource speech = AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN);
    SubmitRequest request = new SubmitRequest(session("s-3", KLING_VIDEO, ANA, BEN),
        List.of(ResolvedDub.of(Dub.of(speech), ANA)), null, "job-11");

    assertThat(failure(provider.submit(request))).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("cannot choose a face");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void should_refuse_ids_and_sessions_of_other_vendors_before_sending() {
    VideoSource foreign = VideoSource.vendorVideo("v-1").at("alad");
    SubmitRequest foreignSession = new SubmitRequest(
        new FaceSession("alad", "s-9", URL_VIDEO, List.of(ANA)),
        List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/a.mp3")), ANA)), null, "job-12");
    SubmitRequest foreignAudio = new SubmitRequest(session("s-1", ANA),
        List.of(ResolvedDub.of(Dub.of(new AudioSource.VendorAudioId("a-1", "apimodels")), ANA)), null, "job-13");

    assertThat(failure(provider.identifyFaces(foreign))).isInstanceOf(NotSupportedException.class);
    assertThat(failure(provider.submit(foreignSession))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("session.vendor: alad");
    assertThat(failure(provider.submit(foreignAudio))).isInstanceOf(NotSupportedException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A dub of {@code audio} without a clip, whose length the gateway has measured. */
  private static Dub lasting(AudioSource audio, long ms) {
    return Dub.builder().audio(audio).audioLength(Duration.ofMillis(ms)).build();
  }

  private static FaceSession session(String id, Face... faces) {
    return session(id, URL_VIDEO, faces);
  }

  private static FaceSession session(String id, VideoSource video, Face... faces) {
    return new FaceSession("cometapi", id, video, List.of(faces));
  }

  private RecordedRequest assertPost(String path, String expectedJson) throws InterruptedException {
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(request.getBody().utf8()).isEqualTo(compact(expectedJson));
    return request;
  }

  private static Map<String, Object> parse(String json) throws IOException {
    return MAP.fromJson(json);
  }
}
