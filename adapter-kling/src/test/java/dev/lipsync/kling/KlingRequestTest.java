package dev.lipsync.kling;

import static dev.lipsync.kling.TestSupport.ACCESS_KEY;
import static dev.lipsync.kling.TestSupport.NOW;
import static dev.lipsync.kling.TestSupport.SECRET_KEY;
import static dev.lipsync.kling.TestSupport.await;
import static dev.lipsync.kling.TestSupport.compact;
import static dev.lipsync.kling.TestSupport.json;
import static dev.lipsync.kling.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests Kling receives: the token, then each body. */
class KlingRequestTest {
  private static final String IDENTIFIED = resource("identify-answer.json");
  private static final String CREATED = resource("create-answer.json");
  private static final String PROCESSING = resource("status-processing.json");
  private static final String TTS = resource("tts-answer.json");
  private static final VideoSource URL_VIDEO = VideoSource.url("https://example.com/interview.mp4");
  private static final Face ANA = new Face("0", 0L, 5_204L, null, null);

  private final MockWebServer server = new MockWebServer();
  private final TestSupport.MovableClock clock = new TestSupport.MovableClock(NOW);
  private KlingProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = TestSupport.provider(server, clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- the token -----------------------------------------------------------------------------

  @Test
  void should_sign_the_token_as_kling_documents_it() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(URL_VIDEO));

    long now = NOW.getEpochSecond();
    String expected = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"iss\":\"" + ACCESS_KEY + "\",\"exp\":" + (now + 1800) + ",\"nbf\":" + (now - 5) + "}");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + expected);
  }

  @Test
  void should_send_a_token_whose_parts_say_what_kling_asks() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(URL_VIDEO));

    String[] parts = token(server.takeRequest()).split("\\.");
    assertThat(parts).hasSize(3);
    assertThat(decode(parts[0])).contains("\"alg\":\"HS256\"").contains("\"typ\":\"JWT\"");
    assertThat(decode(parts[1]))
        .contains("\"iss\":\"" + ACCESS_KEY + "\"")
        .contains("\"exp\":1772368200")
        .contains("\"nbf\":1772366395");
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(hmac(parts[0] + "." + parts[1]));
    assertThat(parts[2]).doesNotContain("=");
  }

  @Test
  void should_reuse_the_token_until_shortly_before_it_expires() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(json(200, PROCESSING));
    }
    TaskRef ref = new TaskRef("kling", "842250903629086785");

    await(provider.status(ref));
    clock.advance(Duration.ofSeconds(10));
    await(provider.status(ref));
    String first = token(server.takeRequest());
    assertThat(token(server.takeRequest())).as("the second call reuses the token").isEqualTo(first);

    // 1800 s of life, renewed 300 s before it ends: the same token up to 1499 s, a new one at 1500 s.
    clock.advance(Duration.ofSeconds(1489));
    await(provider.status(ref));
    assertThat(token(server.takeRequest())).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    await(provider.status(ref));
    String renewed = token(server.takeRequest());
    long now = NOW.plusSeconds(1500).getEpochSecond();
    assertThat(renewed).isNotEqualTo(first).isEqualTo(jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"iss\":\"" + ACCESS_KEY + "\",\"exp\":" + (now + 1800) + ",\"nbf\":" + (now - 5) + "}"));
  }

  @Test
  void should_never_show_either_key_or_the_token() throws Exception {
    server.enqueue(json(200, IDENTIFIED));
    await(provider.identifyFaces(URL_VIDEO));
    String token = token(server.takeRequest());

    assertThat(provider.toString()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY).doesNotContain(token);
    assertThat(new KlingTokens(ACCESS_KEY, SECRET_KEY, clock).toString())
        .doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
  }

  // ---- identify ------------------------------------------------------------------------------

  @Test
  void should_identify_a_video_by_url() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(URL_VIDEO));

    assertPost("/v1/videos/identify-face", "{\"video_url\":\"https://example.com/interview.mp4\"}");
  }

  @Test
  void should_identify_a_kling_video_by_id() throws Exception {
    server.enqueue(json(200, IDENTIFIED));

    await(provider.identifyFaces(VideoSource.vendorVideo("1f936158-ea15-4775-84c9-78391705b734")));

    assertPost("/v1/videos/identify-face", "{\"video_id\":\"1f936158-ea15-4775-84c9-78391705b734\"}");
  }

  // ---- advanced lip-sync ---------------------------------------------------------------------

  @Test
  void should_send_an_audio_url_with_every_setting() throws Exception {
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = new ResolvedDub(ANA, AudioSource.url("https://example.com/speech.wav"),
        new AudioClip(500, 4_500), 1_000L, 1.5, 0.0);

    await(provider.submit(new SubmitRequest(session(ANA), List.of(dub), List.of(FaceSelector.byId("0")),
        URI.create("https://app.example.com/hooks/kling"), "order-2026-0042", true)));

    assertPost("/v1/videos/advanced-lip-sync", """
        {"callback_url":"https://app.example.com/hooks/kling",
         "external_task_id":"order-2026-0042",
         "face_choose":[{"face_id":"0","original_audio_volume":0.0,"sound_end_time":4500,
           "sound_file":"https://example.com/speech.wav","sound_insert_time":1000,"sound_start_time":500,
           "sound_volume":1.5}],
         "session_id":"829781245349371969",
         "watermark_info":{"enabled":true}}""");
  }

  @Test
  void should_send_the_three_times_kling_requires_even_where_the_job_set_none() throws Exception {
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = new ResolvedDub(ANA, AudioSource.url("https://example.com/a.mp3"),
        null, null, null, null, Duration.ofMillis(6_500));

    await(provider.submit(new SubmitRequest(session(ANA), List.of(dub), null, "key-2")));

    assertPost("/v1/videos/advanced-lip-sync", """
        {"external_task_id":"key-2",
         "face_choose":[{"face_id":"0","sound_end_time":6500,"sound_file":"https://example.com/a.mp3",
           "sound_insert_time":0,"sound_start_time":0}],
         "session_id":"829781245349371969"}""");
  }

  @Test
  void should_send_audio_bytes_as_base64_in_sound_file() throws Exception {
    server.enqueue(json(200, CREATED));
    byte[] bytes = "ID3-not-really-an-mp3".getBytes(StandardCharsets.US_ASCII);
    ResolvedDub dub = new ResolvedDub(ANA, AudioSource.bytes(bytes, AudioFormat.MP3),
        new AudioClip(0, 2_000), 0L, null, null);

    await(provider.submit(new SubmitRequest(session(ANA), List.of(dub), null, "key-3")));

    assertPost("/v1/videos/advanced-lip-sync", "{\"external_task_id\":\"key-3\",\"face_choose\":[{\"face_id\":\"0\","
        + "\"sound_end_time\":2000,\"sound_file\":\"" + Base64.getEncoder().encodeToString(bytes) + "\","
        + "\"sound_insert_time\":0,\"sound_start_time\":0}],\"session_id\":\"829781245349371969\"}");
  }

  @Test
  void should_send_a_kling_audio_id_as_audio_id() throws Exception {
    server.enqueue(json(200, CREATED));
    ResolvedDub dub = new ResolvedDub(ANA, new AudioSource.VendorAudioId("aud-7c1e", "kling"),
        new AudioClip(0, 3_000), 0L, null, null);

    await(provider.submit(new SubmitRequest(session(ANA), List.of(dub), null, "key-4")));

    assertPost("/v1/videos/advanced-lip-sync", """
        {"external_task_id":"key-4",
         "face_choose":[{"audio_id":"aud-7c1e","face_id":"0","sound_end_time":3000,"sound_insert_time":0,
           "sound_start_time":0}],
         "session_id":"829781245349371969"}""");
  }

  // ---- text to speech ------------------------------------------------------------------------

  @Test
  void should_speak_text_at_v1_audio_tts_with_the_voice_its_language_and_speed_and_the_token() throws Exception {
    server.enqueue(json(200, TTS));

    await(provider.speak(AudioSource.speech("你好, \"world\"", "genshin_vindi2", VoiceLanguage.ZH).withSpeed(1.5)));

    RecordedRequest request = server.takeRequest();
    long now = NOW.getEpochSecond();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer "
        + jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            "{\"iss\":\"" + ACCESS_KEY + "\",\"exp\":" + (now + 1800) + ",\"nbf\":" + (now - 5) + "}"));
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/audio/tts");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(request.getBody().utf8()).isEqualTo(
        "{\"text\":\"你好, \\\"world\\\"\",\"voice_id\":\"genshin_vindi2\","
            + "\"voice_language\":\"zh\",\"voice_speed\":1.5}");
  }

  @Test
  void should_leave_normal_speed_to_kling_s_default_whatever_its_field_is_named() throws Exception {
    server.enqueue(json(200, TTS));

    await(provider.speak(AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN)));

    assertPost("/v1/audio/tts",
        "{\"text\":\"Hello there\",\"voice_id\":\"oversea_male1\",\"voice_language\":\"en\"}");
  }

  @Test
  void should_ask_about_a_running_speech_task_by_its_id_with_the_token() throws Exception {
    ManualScheduler time = new ManualScheduler(NOW);
    OkHttpClient http = new OkHttpClient();
    KlingProvider polling = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).client(http).scheduler(time)
        .baseUrl(server.url("/").toString()).build();
    server.enqueue(json(200, resource("tts-task-submitted.json")));
    server.enqueue(json(200, resource("tts-task-succeed.json")));

    VirtualTime.await(polling.speak(AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN)),
        time, VirtualTime.callsInFlight(http));

    RecordedRequest create = server.takeRequest();
    RecordedRequest query = server.takeRequest();
    assertThat(query.getMethod()).isEqualTo("GET");
    assertThat(query.getUrl().encodedPath()).isEqualTo("/v1/audio/tts/843106512733102211");
    assertThat(query.getHeaders().get("Authorization")).isEqualTo(create.getHeaders().get("Authorization"));
    assertThat(query.getBodySize()).isLessThanOrEqualTo(0);
  }

  @Test
  void should_send_text_of_1000_characters_and_refuse_1001_unsent() throws Exception {
    server.enqueue(json(200, TTS));
    String longest = "字".repeat(1_000);

    await(provider.speak(AudioSource.speech(longest, "oversea_male1", VoiceLanguage.ZH)));
    assertThat(server.takeRequest().getBody().utf8()).contains(longest);

    Throwable failure = TestSupport.failure(
        provider.speak(AudioSource.speech(longest + "!", "oversea_male1", VoiceLanguage.ZH)));

    assertThat(failure).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) failure).violations()).singleElement().satisfies(violation -> {
      assertThat(violation.field()).isEqualTo("speech.text");
      assertThat(violation.value()).endsWith("…(1001 chars)");
      assertThat(violation.rule()).isEqualTo("has 1001 characters, more than the 1000 Kling's /v1/audio/tts takes");
    });
    assertThat(server.getRequestCount()).as("nothing sent").isEqualTo(1);
  }

  @Test
  void should_count_characters_not_utf16_units() throws Exception {
    server.enqueue(json(200, TTS));
    String emoji = "\uD83D\uDE00".repeat(1_000);

    await(provider.speak(AudioSource.speech(emoji, "oversea_male1", VoiceLanguage.EN)));

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void should_refuse_a_speed_kling_does_not_take_and_blank_text_unsent() {
    Throwable fast = TestSupport.failure(
        provider.speak(AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN).withSpeed(2.5)));
    Throwable blank = TestSupport.failure(provider.speak(AudioSource.speech("  ", "oversea_male1", VoiceLanguage.EN)));

    assertThat(fast).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("speech.speed: 2.5 is outside Kling's voice_speed range of 0.8 to 2.0");
    assertThat(blank).isInstanceOf(InvalidRequestException.class).hasMessageContaining("speech.text");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- the task query ------------------------------------------------------------------------

  @Test
  void should_query_the_task_by_its_id() throws Exception {
    server.enqueue(json(200, PROCESSING));

    await(provider.status(new TaskRef("kling", "842250903629086785")));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/videos/advanced-lip-sync/842250903629086785");
    assertThat(request.getHeaders().get("Authorization")).startsWith("Bearer ey");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static FaceSession session(Face... faces) {
    return new FaceSession("kling", "829781245349371969", URL_VIDEO, List.of(faces));
  }

  private void assertPost(String path, String expectedJson) throws InterruptedException {
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Authorization")).startsWith("Bearer ey");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(request.getBody().utf8()).isEqualTo(compact(expectedJson));
  }

  private static String token(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    return authorization.substring("Bearer ".length());
  }

  /** The compact JWS of {@code header} and {@code claims}, signed here with the JDK's own HMAC. */
  private static String jwt(String header, String claims) {
    String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
        + base64Url(claims.getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + base64Url(hmac(signingInput));
  }

  private static byte[] hmac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
