package dev.lipsync.kling;

import static dev.lipsync.kling.TestSupport.NOW;
import static dev.lipsync.kling.TestSupport.SECRET_KEY;
import static dev.lipsync.kling.TestSupport.await;
import static dev.lipsync.kling.TestSupport.failure;
import static dev.lipsync.kling.TestSupport.json;
import static dev.lipsync.kling.TestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.testkit.VirtualTime;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kling's documented answers (resources under {@code kling/}) and what they become. */
class KlingResponseTest {
  private static final VideoSource VIDEO = VideoSource.url("https://example.com/interview.mp4");
  private static final TaskRef REF = new TaskRef("kling", "842250903629086785");

  private final MockWebServer server = new MockWebServer();
  private KlingProvider provider;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    provider = TestSupport.provider(server, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void should_read_the_faces_and_what_identification_cost() {
    server.enqueue(json(200, resource("identify-answer.json")));

    FaceSession session = await(provider.identifyFaces(VIDEO));

    assertThat(session.vendor()).isEqualTo("kling");
    assertThat(session.sessionId()).isEqualTo("829781245349371969");
    assertThat(session.video()).isEqualTo(VIDEO);
    assertThat(session.faces()).containsExactly(
        new Face("0", 0L, 5_204L, URI.create("https://p1-kling.klingai.com/kcdn/faces/0.png"), null),
        new Face("1", 2_100L, 9_000L, URI.create("https://p1-kling.klingai.com/kcdn/faces/1.png"), null));
    assertThat(session.billedUnits()).isEqualByComparingTo("0.2");
  }

  @Test
  void should_reject_a_video_without_faces_as_content() {
    server.enqueue(json(200, resource("identify-answer-no-face.json")));

    assertThat(failure(provider.identifyFaces(VIDEO))).isInstanceOf(ContentRejectedException.class);
  }

  @Test
  void should_read_the_created_task() {
    server.enqueue(json(200, resource("create-answer.json")));
    Face face = Face.of("0");
    FaceSession session = new FaceSession("kling", "829781245349371969", VIDEO, List.of(face));
    SubmitRequest request = new SubmitRequest(session, List.of(ResolvedDub.of(
        Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 5_000).build(), face)),
        null, "order-2026-0042");

    assertThat(await(provider.submit(request))).isEqualTo(REF);
  }

  @Test
  void should_read_a_running_task() {
    server.enqueue(json(200, resource("status-processing.json")));

    TaskSnapshot snapshot = await(provider.status(REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("processing");
    assertThat(snapshot.videos()).isEmpty();
    assertThat(snapshot.createdAt()).isEqualTo(Instant.ofEpochMilli(1722769557708L));
  }

  @Test
  void should_read_a_finished_task_with_its_watermarked_copy_and_what_it_cost() {
    server.enqueue(json(200, resource("status-succeed.json")));

    TaskSnapshot snapshot = await(provider.status(REF));

    assertThat(snapshot.ref()).isEqualTo(REF);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).hasSize(1);
    assertThat(snapshot.videos().get(0).url())
        .isEqualTo(URI.create("https://p2-kling.klingai.com/kcdn/results/842250903629086785.mp4"));
    assertThat(snapshot.videos().get(0).watermarkUrl())
        .isEqualTo(URI.create("https://p2-kling.klingai.com/kcdn/results/842250903629086785-wm.mp4"));
    assertThat(snapshot.videos().get(0).duration()).isEqualTo(Duration.ofMillis(5_100));
    assertThat(snapshot.billedUnits()).isEqualByComparingTo(new BigDecimal("5"));
    assertThat(snapshot.updatedAt()).isEqualTo(Instant.ofEpochMilli(1722769642917L));
  }

  @Test
  void should_read_a_failed_task_whose_envelope_says_succeed() {
    server.enqueue(json(200, resource("status-failed.json")));

    TaskSnapshot snapshot = await(provider.status(REF));

    assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
    assertThat(snapshot.failure().message())
        .isEqualTo("Face detection failed: the chosen face is not visible in the inserted clip");
  }

  @Test
  void should_read_the_bare_task_object_of_a_callback() {
    TaskSnapshot snapshot = provider.parseCallback(resource("callback-succeed.json"));

    assertThat(snapshot.ref()).isEqualTo(REF);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).extracting(v -> v.url().toString())
        .containsExactly("https://p2-kling.klingai.com/kcdn/results/842250903629086785.mp4");
    assertThat(snapshot.billedUnits()).isEqualByComparingTo("5");
  }

  @Test
  void should_read_an_enveloped_callback_too() {
    TaskSnapshot snapshot = provider.parseCallback(resource("status-succeed.json"));

    assertThat(snapshot.ref()).isEqualTo(REF);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void should_refuse_a_callback_that_is_no_task() {
    assertThatThrownBy(() -> provider.parseCallback("{\"hello\": \"world\"}"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void should_mask_the_secret_key_where_kling_echoes_it() {
    String echoed = resource("status-failed.json").replace("the chosen face", "key " + SECRET_KEY);
    server.enqueue(json(200, echoed));

    TaskSnapshot snapshot = await(provider.status(REF));

    assertThat(snapshot.failure().message()).doesNotContain(SECRET_KEY).contains("****");
  }

  // ---- text to speech ------------------------------------------------------------------------

  private static final PollSchedule NO_JITTER =
      new PollSchedule(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(5), 0);
  private static final AudioSource.Speech SPEECH =
      AudioSource.speech("Hello, welcome to my channel", "oversea_male1", VoiceLanguage.EN);

  @Test
  void should_read_the_spoken_audio_by_its_id_its_length_and_what_it_cost() {
    server.enqueue(json(200, resource("tts-answer.json")));

    SpokenAudio audio = await(provider.speak(SPEECH));

    assertThat(audio).isEqualTo(SpokenAudio.byId(
        "a3f1c9e2-7b4d-4e61-9a2c-5d8e0f1b3c47", Duration.ofMillis(3_240), new BigDecimal("0.1")));
    assertThat(audio.audio()).isEqualTo(AudioSource.vendorAudio("a3f1c9e2-7b4d-4e61-9a2c-5d8e0f1b3c47"));
  }

  @Test
  void should_read_a_duration_given_as_a_number_and_no_units_where_none_are_said() {
    server.enqueue(json(200, resource("tts-answer.json")
        .replace("\"duration\": \"3.24\"", "\"duration\": 4.5")
        .replace("\"final_unit_deduction\": \"0.1\",", "")));

    SpokenAudio audio = await(provider.speak(SPEECH));

    assertThat(audio.length()).isEqualTo(Duration.ofMillis(4_500));
    assertThat(audio.billedUnits()).isNull();
  }

  @Test
  void should_take_an_audio_without_an_id_by_its_url_named_by_its_task() {
    server.enqueue(json(200, resource("tts-answer.json")
        .replace("\"id\": \"a3f1c9e2-7b4d-4e61-9a2c-5d8e0f1b3c47\",", "")));

    SpokenAudio audio = await(provider.speak(SPEECH));

    assertThat(audio).isEqualTo(SpokenAudio.atUrl("843106512733102095",
        "https://p3-kling.klingai.com/kcdn/audio/843106512733102095.mp3", Duration.ofMillis(3_240),
        new BigDecimal("0.1")));
  }

  @Test
  void should_wait_for_a_speech_task_and_read_its_one_audio_by_url() {
    ManualScheduler time = new ManualScheduler(NOW);
    OkHttpClient http = new OkHttpClient();
    KlingProvider polling = pollingProvider(time, http, KlingProvider.DEFAULT_SPEECH_TIMEOUT);
    server.enqueue(json(200, resource("tts-task-submitted.json")));
    server.enqueue(json(200, resource("tts-task-submitted.json").replace("\"submitted\"", "\"processing\"")));
    server.enqueue(json(200, resource("tts-task-succeed.json")));

    SpokenAudio audio = VirtualTime.await(polling.speak(SPEECH), time, VirtualTime.callsInFlight(http));

    assertThat(audio).isEqualTo(SpokenAudio.atUrl("843106512733102211",
        "https://p3-kling.klingai.com/kcdn/audio/843106512733102211.mp3", Duration.ofMillis(2_860),
        new BigDecimal("0.1")));
    assertThat(server.getRequestCount()).isEqualTo(3);
    // Asked after 1 s, then 1.5 s later: the schedule without jitter.
    assertThat(time.now()).isEqualTo(NOW.plusMillis(2_500));
  }

  @Test
  void should_give_up_on_a_speech_task_past_the_speech_timeout_naming_it() {
    ManualScheduler time = new ManualScheduler(NOW);
    OkHttpClient http = new OkHttpClient();
    KlingProvider polling = pollingProvider(time, http, Duration.ofSeconds(3));
    for (int i = 0; i < 10; i++) {
      server.enqueue(json(200, resource("tts-task-submitted.json").replace("\"submitted\"", "\"processing\"")));
    }

    Throwable failure = VirtualTime.failure(polling.speak(SPEECH), time, VirtualTime.callsInFlight(http));

    assertThat(failure).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("processing");
    assertThat(((DeadlineExceededException) failure).context().taskRef())
        .isEqualTo(new TaskRef("kling", "843106512733102211"));
    assertThat(time.now()).isEqualTo(NOW.plusSeconds(3));
  }

  @Test
  void should_refuse_an_answer_with_no_audio_to_take_or_wait_for() {
    server.enqueue(json(200, resource("tts-task-succeed.json").replace("\"audio\"", "\"audio_file\"")));
    server.enqueue(json(200, resource("tts-answer.json").replace("\"3.24\"", "\"soon\"")));
    server.enqueue(json(200, resource("tts-task-submitted.json").replace("\"task_id\": \"843106512733102211\",", "")));
    server.enqueue(json(200, resource("tts-task-succeed.json").replace("https://p3", "ftp://p3")));

    assertThat(failure(provider.speak(SPEECH))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no audio with an id or a URL");
    assertThat(failure(provider.speak(SPEECH))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no usable duration");
    assertThat(failure(provider.speak(SPEECH))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("is submitted, naming no task_id");
    assertThat(failure(provider.speak(SPEECH))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no http(s) URL: ftp://p3-kling.klingai.com/");
  }

  private KlingProvider pollingProvider(ManualScheduler time, OkHttpClient http, Duration timeout) {
    return KlingProvider.builder().accessKey(TestSupport.ACCESS_KEY).secretKey(SECRET_KEY)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).client(http).scheduler(time).speechPollSchedule(NO_JITTER)
        .speechTimeout(timeout).baseUrl(server.url("/").toString()).build();
  }

  @Test
  void should_report_a_failed_speech_task_with_kling_s_reason() {
    server.enqueue(json(200, resource("tts-answer.json")
        .replace("\"succeed\"", "\"failed\"")
        .replace("\"task_status_msg\": \"\"", "\"task_status_msg\": \"voice_id not found\"")));

    Throwable failure = failure(provider.speak(SPEECH));

    assertThat(failure).isInstanceOf(TaskFailedException.class).hasMessageContaining("voice_id not found");
    assertThat(((TaskFailedException) failure).taskRef()).contains(new TaskRef("kling", "843106512733102095"));
  }
}
