package dev.lipsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.RateLimitedException;
import dev.lipsync.core.error.SessionExpiredException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every adapter must show, whatever its vendor. An adapter's test extends this class,
 * says how to start its vendor's simulator and build its provider, and switches on the capabilities its
 * vendor has (like LangChain4j's {@code AbstractBaseChatModelIT} and Micrometer's compatibility kit):
 *
 * <pre>{@code
 * class CometApiContractTest extends LipSyncProviderContract {
 *   protected VendorSimulator createSimulator(String apiKey, TaskScheduler clock) {
 *     return new CometApiSimulator(apiKey, clock);
 *   }
 *   protected LipSyncProvider createProvider(ProviderFixture f) {
 *     return CometApiProvider.builder().apiKey(f.apiKey()).baseUrl(f.baseUrl())
 *         .requestTimeout(f.requestTimeout()).client(f.client()).build();
 *   }
 *   protected boolean supportsMultipleFaces() { return true; }
 * }
 * }</pre>
 *
 * <p>Every capability hook switches on a positive test and has a paired negative test: a vendor that
 * says it lacks something must refuse such a request loudly ({@link NotSupportedException}) without
 * sending anything, and a vendor that says it has it must serve it. Time is driven on a {@link
 * ManualScheduler}; the suite never sleeps.
 */
public abstract class LipSyncProviderContract {
  /** The key the simulator accepts. */
  protected static final String API_KEY = "sk-contract-7f3a9c2e5b1d";
  /** The per-call timeout the provider is built with; only the no-answer tests wait for it. */
  protected static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /** How long the contract's audio files last, as the gateway would have measured them. */
  protected static final Duration AUDIO_LENGTH = Duration.ofMillis(6_500);

  protected ManualScheduler clock;
  protected VendorSimulator simulator;
  protected LipSyncProvider provider;
  /**
   * The client every provider of the suite calls through ({@link ProviderFixture#client()}), so that
   * {@link #await} knows when an answer is on its way, and counting the calls made through it, so that
   * the suite can tell an adapter that ignores it.
   */
  private OkHttpClient http;
  private final AtomicInteger callsThroughFixture = new AtomicInteger();

  /** Starts nothing: returns a simulator of the adapter's vendor accepting {@code apiKey}. */
  protected abstract VendorSimulator createSimulator(String apiKey, ManualScheduler clock);

  /** Builds the adapter's provider as the fixture says. */
  protected abstract LipSyncProvider createProvider(ProviderFixture fixture);

  /** The video identified in every test. */
  protected VideoSource video() {
    return VideoSource.url("https://example.com/interview.mp4");
  }

  /**
   * The video of the speech tests, for vendors whose text mode takes only some videos (CometAPI's takes
   * a Kling video by id with its generating task). The speech tests show one person.
   */
  protected VideoSource speechVideo() {
    return video();
  }

  /** The audio used where a test does not care which kind. */
  protected AudioSource audio() {
    return AudioSource.url("https://example.com/line.mp3");
  }

  /** Whether the vendor speaks text (text-to-speech mode). */
  protected boolean supportsSpeech() {
    return false;
  }

  /** Whether the vendor takes audio as bytes (Base64). */
  protected boolean supportsAudioBytes() {
    return false;
  }

  /** Whether the vendor takes its own audio ids. */
  protected boolean supportsVendorAudio() {
    return false;
  }

  /** Whether one task can dub several faces. */
  protected boolean supportsMultipleFaces() {
    return false;
  }

  /** Whether the vendor posts callbacks the provider can parse. */
  protected boolean supportsCallbacks() {
    return false;
  }

  /** Whether the vendor takes the job's idempotency key. */
  protected boolean supportsIdempotencyKeys() {
    return false;
  }

  /** Whether a particular face can be chosen (otherwise the simulated video shows one person). */
  protected boolean supportsFaceChoice() {
    return true;
  }

  @BeforeEach
  void startSimulator() {
    clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    http = new OkHttpClient.Builder()
        .addNetworkInterceptor(chain -> {
          callsThroughFixture.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .build();
    simulator = createSimulator(API_KEY, clock).start();
    if (!supportsFaceChoice()) {
      simulator.faces(List.of(SimFace.defaults().get(0)));
    }
    provider = providerWithKey(API_KEY);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  // ---- the flow ------------------------------------------------------------------------------

  @Test
  void should_call_through_the_fixtures_client() {
    // Otherwise the suite cannot see the calls under way and may move the clock past their answers.
    identify();

    assertThat(simulator.requests()).isNotEmpty();
    assertThat(callsThroughFixture).as("requests sent through ProviderFixture.client()")
        .hasValueGreaterThanOrEqualTo(simulator.requests().size());
  }

  @Test
  void should_identify_faces_in_a_session_bound_to_the_vendor() {
    FaceSession session = identify();

    assertThat(provider.id()).isEqualTo(simulator.vendor());
    assertThat(session.vendor()).isEqualTo(provider.id());
    assertThat(session.sessionId()).isNotBlank();
    assertThat(session.video()).isEqualTo(video());
    assertThat(session.faces()).extracting(Face::id).doesNotHaveDuplicates().isNotEmpty();
    assertThat(simulator.count(Endpoint.IDENTIFY)).isPositive();
  }

  @Test
  void should_submit_and_reach_succeeded_with_a_video_url() {
    FaceSession session = identify();

    TaskRef ref = await(provider.submit(request(session, audio())));
    TaskSnapshot done = pollUntilTerminal(ref);

    assertThat(ref.vendor()).isEqualTo(provider.id());
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(done.ref()).isEqualTo(ref);
    assertThat(done.videos()).isNotEmpty();
    assertThat(done.videos().get(0).url().getScheme()).isIn("http", "https");
    assertThat(simulator.count(Endpoint.SUBMIT)).isEqualTo(1);
  }

  @Test
  void should_map_a_failed_task_to_failed_with_the_vendors_message() {
    simulator.script(TaskScript.fails("Face detection failed: no faces found"));
    FaceSession session = identify();

    TaskSnapshot done = pollUntilTerminal(await(provider.submit(request(session, audio()))));

    assertThat(done.state()).isEqualTo(TaskState.FAILED);
    assertThat(done.videos()).isEmpty();
    assertThat(done.failure()).isNotNull();
    assertThat(done.failure().message()).contains("Face detection failed: no faces found");
  }

  @Test
  void should_keep_an_unknown_status_word_and_treat_the_task_as_running() {
    simulator.script(TaskScript.succeeds().afterPolls(3).reportingWhileRunning("warming_up"));
    FaceSession session = identify();
    TaskRef ref = await(provider.submit(request(session, audio())));

    TaskSnapshot snapshot = await(provider.status(ref));

    assertThat(snapshot.state()).isEqualTo(TaskState.RUNNING);
    assertThat(snapshot.rawStatus()).isEqualTo("warming_up");
  }

  // ---- what belongs to the vendor -----------------------------------------------------------

  @Test
  void should_refuse_another_vendors_session_sending_nothing() {
    FaceSession own = identify();
    FaceSession foreign = new FaceSession("elsewhere", own.sessionId(), own.video(), own.faces());

    Throwable failure = failure(provider.submit(request(foreign, audio())));

    assertThat(failure).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) failure).violations())
        .extracting(Violation::field, Violation::value)
        .containsExactly(tuple("session.vendor", "elsewhere"));
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  @Test
  void should_know_no_task_of_another_vendor_asking_nothing() {
    TaskRef foreign = new TaskRef("elsewhere", "task-1");

    Throwable failure = failure(provider.status(foreign));

    assertThat(failure).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) failure).taskRef()).contains(foreign);
    assertThat(simulator.requests()).as("nothing sent").isEmpty();
  }

  @Test
  void should_refuse_another_vendors_video_id_sending_nothing() {
    Throwable failure = failure(provider.identifyFaces(VideoSource.vendorVideo("video-1").at("elsewhere")));

    assertThat(failure).isInstanceOf(NotSupportedException.class);
    assertThat(simulator.requests()).as("nothing sent").isEmpty();
  }

  // ---- errors --------------------------------------------------------------------------------

  @Test
  void should_report_authentication_failure_for_a_wrong_key() {
    LipSyncProvider wrongKey = providerWithKey("sk-wrong-0000000000000000");

    Throwable failure = failure(wrongKey.identifyFaces(video()));

    assertThat(failure).isInstanceOf(AuthenticationException.class);
    assertThat(((LipSyncException) failure).vendor()).isEqualTo(provider.id());
    assertThat(failure.getMessage()).doesNotContain("sk-wrong-0000000000000000");
  }

  @Test
  void should_report_out_of_credit_on_402() {
    FaceSession session = identify();
    simulator.inject(Endpoint.SUBMIT, Fault.status(402));

    Throwable failure = failure(provider.submit(request(session, audio())));

    assertThat(failure).isInstanceOf(OutOfCreditException.class);
  }

  @Test
  void should_report_rate_limit_carrying_the_retry_delay() {
    FaceSession session = identify();
    TaskRef ref = await(provider.submit(request(session, audio())));
    simulator.inject(Endpoint.STATUS, Fault.status(429, "7"));

    Throwable failure = failure(provider.status(ref));

    assertThat(failure).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) failure).retryAfter()).contains(Duration.ofSeconds(7));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 503})
  void should_report_unavailable_on_server_errors(int status) {
    simulator.inject(Endpoint.IDENTIFY, Fault.status(status));

    Throwable failure = failure(provider.identifyFaces(video()));

    assertThat(failure).isInstanceOf(UnavailableException.class);
    assertThat(((LipSyncException) failure).httpStatus()).isEqualTo(status);
  }

  @Test
  void should_report_unavailable_when_the_connection_is_refused() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    LipSyncProvider refused = createProvider(
        new ProviderFixture("http://127.0.0.1:" + closedPort, API_KEY, clock, REQUEST_TIMEOUT, http));

    Throwable failure = failure(refused.identifyFaces(video()));

    assertThat(failure).isInstanceOf(UnavailableException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"malformed JSON", "empty body", "HTML page", "wrong shape"})
  void should_report_a_protocol_error_for_an_unreadable_status_answer(String kind) {
    FaceSession session = identify();
    TaskRef ref = await(provider.submit(request(session, audio())));
    simulator.inject(Endpoint.STATUS, switch (kind) {
      case "malformed JSON" -> Fault.malformedJson();
      case "empty body" -> Fault.emptyBody();
      case "HTML page" -> Fault.htmlPage(200);
      default -> Fault.wrongShape();
    });

    Throwable failure = failure(provider.status(ref));

    assertThat(failure).isInstanceOf(ProtocolException.class);
  }

  @Test
  void should_report_an_expired_session_as_such_so_the_gateway_identifies_again() {
    FaceSession session = identify();
    simulator.inject(Endpoint.SUBMIT, Fault.sessionExpired());

    Throwable failure = failure(provider.submit(request(session, audio())));

    assertThat(failure).isInstanceOf(SessionExpiredException.class);
    assertThat(simulator.tasks()).as("the vendor refused the submit").isEmpty();
    FaceSession fresh = identify();
    assertThat(await(provider.submit(request(fresh, audio())))).isNotNull();
  }

  @Test
  void should_report_submit_outcome_unknown_when_no_answer_comes_after_sending() {
    FaceSession session = identify();
    simulator.inject(Endpoint.SUBMIT, Fault.noAnswer());

    Throwable failure = failure(provider.submit(request(session, audio())));

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(simulator.count(Endpoint.SUBMIT)).as("the submit is never sent twice").isEqualTo(1);
  }

  @Test
  void should_report_submit_outcome_unknown_when_the_connection_resets_after_sending() {
    FaceSession session = identify();
    simulator.inject(Endpoint.SUBMIT, Fault.resetBeforeAnswer());

    Throwable failure = failure(provider.submit(request(session, audio())));

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(simulator.count(Endpoint.SUBMIT)).as("the submit is never sent twice").isEqualTo(1);
  }

  @Test
  void should_never_show_the_key_in_to_string() {
    assertThat(provider.toString()).doesNotContain(API_KEY);
  }

  // ---- capabilities: each hook, and its negative ------------------------------------------------

  @Test
  void should_serve_speech_when_it_says_it_can() {
    Assumptions.assumeTrue(supportsSpeech(), "the vendor has no text mode");
    AudioSource speech = AudioSource.speech("Hello, welcome to my channel", "oversea_male1", VoiceLanguage.EN);
    simulator.faces(List.of(SimFace.defaults().get(0)));
    assertThat(provider.capabilities().whyNot(job(speechVideo(), speech))).isEmpty();

    assertServed(speechVideo(), speech);
  }

  @Test
  void should_refuse_speech_loudly_when_it_says_it_cannot() {
    Assumptions.assumeFalse(supportsSpeech(), "the vendor has a text mode");
    simulator.faces(List.of(SimFace.defaults().get(0)));
    assertRefused(speechVideo(), AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN));
  }

  @Test
  void should_serve_audio_bytes_when_it_says_it_can() {
    Assumptions.assumeTrue(supportsAudioBytes(), "the vendor takes no audio bytes");
    assertServed(video(), AudioSource.bytes(new byte[] {1, 2, 3, 4}, AudioFormat.MP3));
  }

  @Test
  void should_refuse_audio_bytes_loudly_when_it_says_it_cannot() {
    Assumptions.assumeFalse(supportsAudioBytes(), "the vendor takes audio bytes");
    assertRefused(video(), AudioSource.bytes(new byte[] {1, 2, 3, 4}, AudioFormat.MP3));
  }

  @Test
  void should_serve_vendor_audio_ids_when_it_says_it_can() {
    Assumptions.assumeTrue(supportsVendorAudio(), "the vendor takes no audio ids");
    assertServed(video(), AudioSource.vendorAudio("audio-123"));
  }

  @Test
  void should_refuse_vendor_audio_ids_loudly_when_it_says_it_cannot() {
    Assumptions.assumeFalse(supportsVendorAudio(), "the vendor takes audio ids");
    assertRefused(video(), AudioSource.vendorAudio("audio-123"));
  }

  @Test
  void should_make_a_watermarked_copy_when_it_says_it_can() {
    Assumptions.assumeTrue(makesWatermarks(), "the vendor makes no watermarked copy");
    FaceSession session = identify();
    SubmitRequest plain = request(session, audio());
    SubmitRequest watermarked = new SubmitRequest(session, plain.dubs(), plain.selectors(), null,
        "contract-watermark-" + System.nanoTime(), true);

    TaskSnapshot done = pollUntilTerminal(await(provider.submit(watermarked)));

    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(done.videos()).isNotEmpty().allSatisfy(video -> assertThat(video.watermarkUrl()).isNotNull());
  }

  @Test
  void should_refuse_a_watermark_loudly_when_it_says_it_cannot() {
    Assumptions.assumeFalse(makesWatermarks(), "the vendor makes watermarked copies");
    LipSyncJob watermarked = LipSyncJob.builder().video(video()).dub(measured(audio()).build())
        .watermark(true).build();
    assertThat(provider.capabilities().whyNot(watermarked)).isPresent();
    FaceSession session = identify();
    SubmitRequest plain = request(session, audio());

    Throwable failure = failure(provider.submit(new SubmitRequest(session, plain.dubs(), plain.selectors(), null,
        "contract-watermark-" + System.nanoTime(), true)));

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("watermark");
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  private boolean makesWatermarks() {
    return provider.capabilities().modes().stream().anyMatch(Capabilities.Mode::watermark);
  }

  @Test
  void should_dub_several_faces_in_one_task_when_it_says_it_can() {
    Assumptions.assumeTrue(supportsMultipleFaces(), "the vendor dubs one face per task");
    FaceSession session = identify();
    assertThat(session.faces()).hasSizeGreaterThanOrEqualTo(2);

    TaskRef ref = await(provider.submit(twoFaces(session)));

    assertThat(pollUntilTerminal(ref).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(simulator.count(Endpoint.SUBMIT)).isEqualTo(1);
  }

  @Test
  void should_refuse_an_audio_file_without_clip_or_length_before_sending_where_it_requires_the_clip() {
    Assumptions.assumeTrue(provider.capabilities().modes().stream().anyMatch(Capabilities.Mode::clipRequired),
        "the vendor does not require the clip's times");
    FaceSession session = identify();
    LipSyncJob unmeasured = LipSyncJob.builder().video(video()).audio(audio()).build();
    assertThat(provider.capabilities().whyNot(unmeasured)).isPresent();

    Throwable failure = failure(provider.submit(new SubmitRequest(session,
        List.of(ResolvedDub.of(Dub.of(audio()), session.faces().get(0))), null, "contract-unmeasured")));

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("clip");
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  @Test
  void should_refuse_several_faces_loudly_when_it_says_it_cannot() {
    Assumptions.assumeFalse(supportsMultipleFaces(), "the vendor dubs several faces per task");
    simulator.faces(SimFace.defaults());
    FaceSession session = identify();
    LipSyncJob twoDubs = LipSyncJob.builder().video(video())
        .dub(measured(audio()).face(FaceSelector.nthByAppearance(1)).build())
        .dub(measured(audio()).face(FaceSelector.nthByAppearance(2)).build())
        .chaining(false)
        .build();
    // Only a chain of tasks, one face each, could serve the job: never a single task.
    assertThat(provider.capabilities().whyNot(twoDubs)).isPresent();

    Throwable failure = failure(provider.submit(twoFaces(session)));

    assertThat(failure).isInstanceOf(NotSupportedException.class);
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  @Test
  void should_parse_its_callbacks_when_it_says_it_sends_them() {
    Assumptions.assumeTrue(supportsCallbacks(), "the vendor sends no callbacks");
    assertThat(provider.capabilities().callbacks()).isTrue();
    FaceSession session = identify();
    TaskRef ref = await(provider.submit(request(session, audio())));
    SimulatedTask task = simulator.lastTask();
    task.finish(true);

    TaskSnapshot snapshot = provider.parseCallback(simulator.callbackBody(task.id()));

    assertThat(snapshot.ref()).isEqualTo(ref);
    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(snapshot.videos()).isNotEmpty();
  }

  @Test
  void should_say_it_sends_no_callbacks_when_it_cannot() {
    Assumptions.assumeFalse(supportsCallbacks(), "the vendor sends callbacks");
    assertThat(provider.capabilities().callbacks()).isFalse();
  }

  @Test
  void should_send_the_idempotency_key_when_it_says_it_takes_one() {
    Assumptions.assumeTrue(supportsIdempotencyKeys(), "the vendor takes no idempotency key");
    assertThat(provider.capabilities().idempotencyKeys()).isTrue();
    FaceSession session = identify();

    await(provider.submit(new SubmitRequest(session, dubs(session, audio()), null, "job-key-4711")));

    assertThat(simulator.requests(Endpoint.SUBMIT).get(0).body()).contains("job-key-4711");
  }

  @Test
  void should_say_it_takes_no_idempotency_key_when_it_cannot() {
    Assumptions.assumeFalse(supportsIdempotencyKeys(), "the vendor takes idempotency keys");
    assertThat(provider.capabilities().idempotencyKeys()).isFalse();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The provider, built against the simulator with {@code apiKey}. */
  protected LipSyncProvider providerWithKey(String apiKey) {
    return createProvider(new ProviderFixture(simulator.baseUrl(), apiKey, clock, REQUEST_TIMEOUT, http));
  }

  /** Identifies the faces of {@link #video()}. */
  protected FaceSession identify() {
    return await(provider.identifyFaces(video()));
  }

  /** A submit making the first face say {@code audio}. */
  protected SubmitRequest request(FaceSession session, AudioSource audio) {
    return new SubmitRequest(session, dubs(session, audio), null, "contract-" + System.nanoTime());
  }

  /** A submit making the first two faces speak. */
  protected SubmitRequest twoFaces(FaceSession session) {
    List<ResolvedDub> dubs = new ArrayList<>();
    for (Face face : session.faces().subList(0, 2)) {
      dubs.add(ResolvedDub.of(measured(audio()).build(), face));
    }
    return new SubmitRequest(session, dubs, null, "contract-" + System.nanoTime());
  }

  private List<ResolvedDub> dubs(FaceSession session, AudioSource audio) {
    return List.of(ResolvedDub.of(measured(audio).build(), session.faces().get(0)));
  }

  /**
   * A dub of {@code audio} as the gateway hands it to a vendor: an audio file's length measured (the
   * gateway does so before anything is paid), so a vendor that requires the clip's times has them.
   */
  private Dub.Builder measured(AudioSource audio) {
    Dub.Builder dub = Dub.builder().audio(audio);
    switch (audio.kind()) {
      case URL, BYTES -> dub.audioLength(AUDIO_LENGTH);
      // Nothing can measure a vendor's own audio: where the clip is required, the application gives it.
      case VENDOR_AUDIO -> {
        if (provider.capabilities().modes().stream().anyMatch(Capabilities.Mode::clipRequired)) {
          dub.clip(0, AUDIO_LENGTH.toMillis());
        }
      }
      case SPEECH -> { }
    }
    return dub;
  }

  private LipSyncJob job(VideoSource video, AudioSource audio) {
    return LipSyncJob.builder().video(video).dub(measured(audio).build()).build();
  }

  private void assertServed(VideoSource video, AudioSource audio) {
    FaceSession session = await(provider.identifyFaces(video));
    SubmitRequest request = request(session, audio);
    if (audio instanceof AudioSource.Speech speech
        && provider.capabilities().modeFor(provider.id(), request).speechFirst()) {
      // As the gateway does where the vendor speaks by its own call: the text first, then its audio.
      SpokenAudio spoken = await(provider.speak(speech));
      request = new SubmitRequest(session, List.of(ResolvedDub.of(Dub.builder()
          .audio(spoken.audio()).clip(0, spoken.length().toMillis()).build(),
          session.faces().get(0))), null, request.idempotencyKey());
    }
    TaskRef ref = await(provider.submit(request));
    assertThat(pollUntilTerminal(ref).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(simulator.count(Endpoint.SUBMIT)).isEqualTo(1);
  }

  private void assertRefused(VideoSource video, AudioSource audio) {
    assertThat(provider.capabilities().whyNot(job(video, audio))).isPresent();
    FaceSession session = await(provider.identifyFaces(video));

    Throwable failure = failure(provider.submit(request(session, audio)));

    assertThat(failure).isInstanceOf(NotSupportedException.class);
    assertThat(failure.getMessage()).contains(provider.id());
    assertThat(simulator.count(Endpoint.SUBMIT)).as("nothing sent").isZero();
  }

  /** Polls until the task ends; fails the test after 20 polls. */
  protected TaskSnapshot pollUntilTerminal(TaskRef ref) {
    for (int i = 0; i < 20; i++) {
      TaskSnapshot snapshot = await(provider.status(ref));
      if (snapshot.state().isTerminal()) {
        return snapshot;
      }
      clock.advance(Duration.ofSeconds(10));
    }
    return fail("the task did not end after 20 polls");
  }

  /**
   * The future's value. While it is not done and no call is under way, the manual clock moves to its
   * next due action, so an adapter polling on it (apimodels' identification) makes progress; while a
   * call is under way it stands still, so a timeout on it (apimodels' identify timeout) cannot overtake
   * the simulator's answer however slowly a loaded machine delivers it.
   */
  protected <T> T await(CompletableFuture<T> future) {
    return VirtualTime.await(future, clock, VirtualTime.callsInFlight(http));
  }

  /** The exception the future fails with; fails the test if it succeeds. */
  protected Throwable failure(CompletableFuture<?> future) {
    return VirtualTime.failure(future, clock, VirtualTime.callsInFlight(http));
  }
}
