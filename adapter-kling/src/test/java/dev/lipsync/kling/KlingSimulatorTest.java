package dev.lipsync.kling;

import static dev.lipsync.kling.TestSupport.ACCESS_KEY;
import static dev.lipsync.kling.TestSupport.SECRET_KEY;
import static dev.lipsync.kling.TestSupport.await;
import static dev.lipsync.kling.TestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.KlingSimulator;
import dev.lipsync.testkit.VirtualTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator checks the token on every call as Kling does, answering 401 with Kling's 1000–1004,
 * serves face pictures, refuses an {@code external_task_id} used before, and speaks text whose audio id
 * alone the advanced lip-sync then takes.
 */
class KlingSimulatorTest {
  private static final Instant START = Instant.parse("2026-05-01T08:00:00Z");
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/interview.mp4");

  private final ManualScheduler clock = new ManualScheduler(START);
  private final OkHttpClient http = new OkHttpClient();
  private KlingSimulator simulator;

  @BeforeEach
  void start() {
    simulator = new KlingSimulator(ACCESS_KEY, SECRET_KEY, clock).start();
  }

  @AfterEach
  void stop() {
    simulator.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void should_serve_a_provider_whose_token_it_checks_on_every_call() {
    KlingProvider provider = provider(ACCESS_KEY, SECRET_KEY, new SchedulerClock(clock));

    FaceSession session = await(provider.identifyFaces(VIDEO));
    await(provider.submit(request(session, "job-1")));

    assertThat(simulator.count(Endpoint.IDENTIFY)).isEqualTo(1);
    assertThat(simulator.count(Endpoint.SUBMIT)).isEqualTo(1);
    assertThat(session.billedUnits()).isEqualByComparingTo("0.2");
  }

  @Test
  void should_answer_1001_without_a_token() throws IOException {
    assertThat(identifyWith(null)).isEqualTo("401 1001");
  }

  @Test
  void should_answer_1002_for_a_token_that_is_no_jwt() throws IOException {
    assertThat(identifyWith("Bearer not-a-jwt")).isEqualTo("401 1002");
    assertThat(identifyWith("Basic " + ACCESS_KEY)).isEqualTo("401 1002");
    String none = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url("{\"iss\":\"" + ACCESS_KEY + "\"}") + ".";
    assertThat(identifyWith("Bearer " + none)).isEqualTo("401 1002");
  }

  @Test
  void should_answer_1000_for_a_token_signed_with_another_secret_or_by_another_key() throws IOException {
    String otherSecret = new KlingTokens(ACCESS_KEY, SECRET_KEY.replace('b', 'c'), new SchedulerClock(clock)).get();
    String otherIssuer = new KlingTokens("AK-someone-else", SECRET_KEY, new SchedulerClock(clock)).get();

    assertThat(identifyWith("Bearer " + otherSecret)).isEqualTo("401 1000");
    assertThat(identifyWith("Bearer " + otherIssuer)).isEqualTo("401 1000");
  }

  @Test
  void should_answer_1004_for_an_expired_token_and_1003_for_one_not_yet_valid() throws IOException {
    String old = new KlingTokens(ACCESS_KEY, SECRET_KEY, Clock.fixed(START.minusSeconds(1_800), ZoneOffset.UTC)).get();
    String early = new KlingTokens(ACCESS_KEY, SECRET_KEY, Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC)).get();
    String fresh = new KlingTokens(ACCESS_KEY, SECRET_KEY, Clock.fixed(START, ZoneOffset.UTC)).get();

    assertThat(identifyWith("Bearer " + old)).isEqualTo("401 1004");
    assertThat(identifyWith("Bearer " + early)).isEqualTo("401 1003");
    assertThat(identifyWith("Bearer " + fresh)).isEqualTo("200 0");
  }

  @Test
  void should_refuse_an_expired_token_through_the_provider_as_authentication() {
    // The provider's clock runs 31 minutes behind the vendor's: every token it signs has expired there.
    KlingProvider late = provider(ACCESS_KEY, SECRET_KEY, Clock.fixed(START.minus(Duration.ofMinutes(31)), ZoneOffset.UTC));

    Throwable failure = failure(late.identifyFaces(VIDEO));

    assertThat(failure).isInstanceOf(AuthenticationException.class);
    assertThat(failure.getMessage()).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY);
  }

  @Test
  void should_refuse_an_external_task_id_used_before() {
    KlingProvider provider = provider(ACCESS_KEY, SECRET_KEY, new SchedulerClock(clock));
    FaceSession session = await(provider.identifyFaces(VIDEO));
    await(provider.submit(request(session, "job-7")));

    Throwable again = failure(provider.submit(request(session, "job-7")));

    // Refused, yet a task with that key exists: the gateway must not take it for "nothing was created".
    assertThat(again).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(((SubmitOutcomeUnknownException) again).idempotencyKey()).isEqualTo("job-7");
    assertThat(simulator.tasks()).hasSize(1);
  }

  @Test
  void should_post_the_bare_task_object_to_callbacks() {
    KlingProvider provider = provider(ACCESS_KEY, SECRET_KEY, new SchedulerClock(clock));
    FaceSession session = await(provider.identifyFaces(VIDEO));
    String taskId = await(provider.submit(request(session, "job-8"))).taskId();

    String body = simulator.callbackBody(taskId);
    TaskSnapshot snapshot = provider.parseCallback(body);

    assertThat(body).startsWith("{\"task_id\":");
    assertThat(snapshot.ref().taskId()).isEqualTo(taskId);
  }

  @Test
  void should_serve_each_face_picture_as_png() throws IOException {
    KlingProvider provider = provider(ACCESS_KEY, SECRET_KEY, new SchedulerClock(clock));
    FaceSession session = await(provider.identifyFaces(VIDEO));

    try (Response response = http.newCall(new Request.Builder()
        .url(session.faces().get(0).imageUrl().toString()).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("image/png");
      byte[] png = response.body().bytes();
      assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
  }

  // ---- text to speech ------------------------------------------------------------------------

  @Test
  void should_speak_text_whose_audio_the_lip_sync_then_takes_by_id() {
    KlingProvider provider = provider(ACCESS_KEY, SECRET_KEY, new SchedulerClock(clock));
    String text = "Hello, welcome to my channel";

    SpokenAudio audio = await(provider.speak(AudioSource.speech(text, "oversea_male1", VoiceLanguage.EN)));
    FaceSession session = await(provider.identifyFaces(VIDEO));
    await(provider.submit(new SubmitRequest(session, List.of(ResolvedDub.of(
        Dub.builder().audio(audio.audio()).clip(0, audio.length().toMillis()).build(),
        session.faces().get(0))), null, "job-tts")));

    assertThat(simulator.spokenAudioIds()).containsExactly(audio.reference());
    assertThat(audio.length()).isEqualTo(KlingSimulator.spokenLength(text, 1.0)).isEqualTo(Duration.ofMillis(2_240));
    assertThat(audio.billedUnits()).isEqualByComparingTo(KlingSimulator.KLING_TTS_UNITS);
    assertThat(simulator.tasks()).hasSize(1);
  }

  @Test
  void should_answer_speech_as_a_task_whose_audio_the_lip_sync_then_takes_by_url() {
    simulator.speechAsTask(Duration.ofSeconds(3));
    KlingProvider provider = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
        .clock(new SchedulerClock(clock)).client(http).scheduler(clock).baseUrl(simulator.baseUrl()).build();
    String text = "Hello, welcome to my channel";

    SpokenAudio audio = VirtualTime.await(provider.speak(AudioSource.speech(text, "oversea_male1", VoiceLanguage.EN)),
        clock, VirtualTime.callsInFlight(http));
    FaceSession session = await(provider.identifyFaces(VIDEO));
    await(provider.submit(new SubmitRequest(session, List.of(ResolvedDub.of(
        Dub.builder().audio(audio.audio()).clip(0, audio.length().toMillis()).build(),
        session.faces().get(0))), null, "job-tts-task")));

    assertThat(simulator.spokenAudioIds()).containsExactly(audio.reference());
    assertThat(audio.reference()).startsWith("tts-task-");
    assertThat(audio.audio()).isInstanceOf(AudioSource.AudioUrl.class);
    assertThat(((AudioSource.AudioUrl) audio.audio()).url().toString()).startsWith(simulator.baseUrl() + "/media/");
    assertThat(audio.length()).isEqualTo(KlingSimulator.spokenLength(text, 1.0));
    assertThat(audio.billedUnits()).isEqualByComparingTo(KlingSimulator.KLING_TTS_UNITS);
    assertThat(clock.now()).as("ready 3 s after the call, asked at 1, 2.5 and about 4.75 s at the latest")
        .isAfterOrEqualTo(START.plusSeconds(3)).isBefore(START.plusSeconds(5));
    assertThat(simulator.tasks()).hasSize(1);
  }

  @Test
  void should_answer_tts_only_with_a_valid_token_and_check_its_fields_as_kling_does() throws IOException {
    String token = "Bearer " + new KlingTokens(ACCESS_KEY, SECRET_KEY, new SchedulerClock(clock)).get();
    String ok = "{\"text\":\"Hi\",\"voice_id\":\"v\",\"voice_language\":\"en\",\"voice_speed\":1}";

    assertThat(ttsWith(null, ok)).isEqualTo("401 1001");
    assertThat(ttsWith("Bearer not-a-jwt", ok)).isEqualTo("401 1002");
    assertThat(ttsWith(token, ok)).isEqualTo("200 0");
    assertThat(ttsWith(token, ok.replace("\"Hi\"", "\"" + "a".repeat(1_001) + "\""))).isEqualTo("400 1201");
    assertThat(ttsWith(token, ok.replace("\"voice_speed\":1", "\"voice_speed\":2.5"))).isEqualTo("400 1201");
    assertThat(ttsWith(token, ok.replace("\"en\"", "\"fr\""))).isEqualTo("400 1201");
    assertThat(ttsWith(token, ok.replace("\"voice_id\":\"v\",", ""))).isEqualTo("400 1201");
    assertThat(simulator.spokenAudioIds()).hasSize(1);
  }

  private String ttsWith(String authorization, String json) throws IOException {
    Request.Builder request = new Request.Builder()
        .url(simulator.baseUrl() + "/v1/audio/tts")
        .post(RequestBody.create(json, MediaType.get("application/json")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      String body = response.body().string();
      return response.code() + " " + body.replaceAll("(?s)^\\{\"code\":(\\d+).*", "$1");
    }
  }

  private KlingProvider provider(String accessKey, String secretKey, Clock tokens) {
    return KlingProvider.builder().accessKey(accessKey).secretKey(secretKey).clock(tokens)
        .baseUrl(simulator.baseUrl()).build();
  }

  private static SubmitRequest request(FaceSession session, String key) {
    return new SubmitRequest(session, List.of(ResolvedDub.of(
        Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 3_000).build(),
        session.faces().get(0))), null, key);
  }

  /** The HTTP status and Kling code of an identify call with that Authorization header (or none). */
  private String identifyWith(String authorization) throws IOException {
    Request.Builder request = new Request.Builder()
        .url(simulator.baseUrl() + "/v1/videos/identify-face")
        .post(RequestBody.create("{\"video_url\":\"https://example.com/v.mp4\"}", MediaType.get("application/json")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      String body = response.body().string();
      String code = body.replaceAll("(?s)^\\{\"code\":(\\d+).*", "$1");
      return response.code() + " " + code;
    }
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
