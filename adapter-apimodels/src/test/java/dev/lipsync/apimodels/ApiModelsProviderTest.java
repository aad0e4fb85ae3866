package dev.lipsync.apimodels;

import static dev.lipsync.apimodels.TestSupport.KEY;
import static dev.lipsync.apimodels.TestSupport.await;
import static dev.lipsync.apimodels.TestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SimulatedTask;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VirtualTime;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.assertj.core.api.InstanceOfAssertFactories;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The provider's configuration, what it says of itself, and its flow against the simulator. */
class ApiModelsProviderTest {

  @Nested
  class Configuration {
    @Test
    void should_require_a_key_and_check_each_setting_at_once() {
      assertThatThrownBy(() -> ApiModelsProvider.builder().build())
          .isInstanceOf(IllegalStateException.class).hasMessage("API key required.");
      assertThatThrownBy(() -> ApiModelsProvider.builder().apiKey(" "))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ApiModelsProvider.builder().baseUrl("http://apimodels.app"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
      assertThatThrownBy(() -> ApiModelsProvider.builder().requestTimeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ApiModelsProvider.builder().identifyTimeout(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ApiModelsProvider.builder().scheduler(null))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_default_to_the_vendors_https_base_and_published_price() {
      ApiModelsProvider provider = ApiModelsProvider.builder().apiKey(KEY).build();

      assertThat(provider.id()).isEqualTo("apimodels");
      assertThat(provider.toString()).isEqualTo("ApiModelsProvider[apimodels at https://apimodels.app/]");
      assertThat(provider.pricing()).isEqualTo(Pricing.of("0.0007", "0.0063"));
      assertThat(ApiModelsProvider.builder().apiKey(KEY).pricing(Pricing.of("0.001", "0.005")).build().pricing())
          .isEqualTo(Pricing.of("0.001", "0.005"));
    }

    @Test
    void should_poll_identification_soon_and_give_up_after_minutes_by_default() {
      assertThat(ApiModelsProvider.DEFAULT_IDENTIFY_POLL_SCHEDULE)
          .isEqualTo(new PollSchedule(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(10), 0.2));
      assertThat(ApiModelsProvider.DEFAULT_IDENTIFY_TIMEOUT).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void should_take_several_faces_per_task_only_when_told_the_vendor_lifted_the_limit() {
      ApiModelsProvider lifted = ApiModelsProvider.builder().apiKey(KEY).maxFacesPerTask(3).build();

      assertThat(lifted.capabilities().modes()).singleElement()
          .satisfies(mode -> assertThat(mode.maxFaces()).isEqualTo(3));
      assertThatThrownBy(() -> ApiModelsProvider.builder().maxFacesPerTask(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxFacesPerTask: 0 must be at least 1");
    }

    @Test
    void should_describe_exactly_what_the_vendor_serves() {
      Capabilities capabilities = ApiModelsProvider.builder().apiKey(KEY).build().capabilities();

      assertThat(capabilities.modes()).singleElement().satisfies(mode -> {
        assertThat(mode.videos()).isEqualTo(Set.of(VideoKind.URL));
        assertThat(mode.audio()).isEqualTo(Set.of(AudioKind.URL));
        assertThat(mode.speechLanguages()).isEmpty();
        assertThat(mode.maxFaces()).as("Kling's one person per task, forwarded").isEqualTo(1);
        assertThat(mode.faceChoosing()).isEqualTo(Capabilities.FaceChoosing.BY_ID);
        assertThat(mode.clipTiming()).isTrue();
        assertThat(mode.insertTime()).isTrue();
        assertThat(mode.volumes()).isTrue();
      });
      assertThat(capabilities.callbacks()).isTrue();
      assertThat(capabilities.idempotencyKeys()).isFalse();
      assertThat(capabilities.findsTasksByIdempotencyKey()).isFalse();
      assertThat(capabilities.cancels()).isFalse();
    }

    @Test
    void should_build_from_the_environment_only_when_the_key_is_set() {
      assertThat(ApiModelsProvider.fromEnvironment(Map.of())).isEmpty();
      assertThat(ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", "  "))).isEmpty();
      assertThat(ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", KEY)))
          .hasValueSatisfying(p -> assertThat(p.toString()).contains("https://apimodels.app/"));
      assertThat(ApiModelsProvider.fromEnvironment(
              Map.of("APIMODELS_KEY", KEY, "APIMODELS_BASE_URL", "http://127.0.0.1:8089/proxy")))
          .hasValueSatisfying(p -> assertThat(p.toString()).contains("http://127.0.0.1:8089/proxy/"));
      assertThatThrownBy(() -> ApiModelsProvider.fromEnvironment(
              Map.of("APIMODELS_KEY", KEY, "APIMODELS_BASE_URL", "http://apimodels.app")))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_speak_the_standard_variant_unless_told_otherwise() {
      assertThat(ApiModelsProvider.builder().apiKey(KEY).build().variant()).isEqualTo(ApiModelsProvider.Variant.STANDARD);
      assertThat(ApiModelsProvider.builder().apiKey(KEY).variant(ApiModelsProvider.Variant.LOCALIZED).build().variant())
          .isEqualTo(ApiModelsProvider.Variant.LOCALIZED);
      assertThatThrownBy(() -> ApiModelsProvider.builder().variant(null))
          .isInstanceOf(NullPointerException.class).hasMessage("variant == null");
    }

    @Test
    void should_price_each_variant_as_its_pages_publish_unless_a_price_is_set() {
      Pricing set = Pricing.of("0.001", "0.005");
      Pricing standard = Pricing.of("0.0007", "0.0063");
      Pricing localized = Pricing.of("0.0100", "0.0650");

      assertThat(ApiModelsProvider.DEFAULT_PRICING).isEqualTo(standard);
      assertThat(ApiModelsProvider.LOCALIZED_PRICING).isEqualTo(localized);
      assertThat(ApiModelsProvider.builder().apiKey(KEY).variant(ApiModelsProvider.Variant.LOCALIZED).build().pricing())
          .isEqualTo(localized);
      assertThat(ApiModelsProvider.builder().apiKey(KEY).pricing(set).variant(ApiModelsProvider.Variant.LOCALIZED)
          .build().pricing()).as("set before the variant").isEqualTo(set);
      assertThat(ApiModelsProvider.builder().apiKey(KEY).variant(ApiModelsProvider.Variant.LOCALIZED).pricing(set)
          .build().pricing()).as("set after the variant").isEqualTo(set);
      assertThat(ApiModelsProvider.builder().apiKey(KEY).pricing(Pricing.of("0.0007", "0.0063"))
          .variant(ApiModelsProvider.Variant.LOCALIZED).build().pricing())
          .as("a price set equal to the standard one is still a price set").isEqualTo(standard);
      ApiModelsProvider.Builder reused = ApiModelsProvider.builder().apiKey(KEY).variant(ApiModelsProvider.Variant.LOCALIZED);
      assertThat(reused.build().pricing()).isEqualTo(localized);
      assertThat(reused.variant(ApiModelsProvider.Variant.STANDARD).build().pricing())
          .as("a builder built once still follows the variant").isEqualTo(standard);
    }

    @Test
    void should_choose_the_variant_the_environment_names() {
      assertThat(ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", KEY, "APIMODELS_VARIANT", "localized")))
          .hasValueSatisfying(p -> {
            assertThat(p.variant()).isEqualTo(ApiModelsProvider.Variant.LOCALIZED);
            assertThat(p.pricing()).isEqualTo(Pricing.of("0.0100", "0.0650"));
          });
      assertThat(ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", KEY, "APIMODELS_VARIANT", " Localized\t")))
          .hasValueSatisfying(p -> assertThat(p.variant()).isEqualTo(ApiModelsProvider.Variant.LOCALIZED));
      assertThat(ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", KEY, "APIMODELS_VARIANT", "standard")))
          .hasValueSatisfying(p -> assertThat(p.variant()).isEqualTo(ApiModelsProvider.Variant.STANDARD));
      assertThat(ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", KEY, "APIMODELS_VARIANT", " ")))
          .hasValueSatisfying(p -> assertThat(p.variant()).isEqualTo(ApiModelsProvider.Variant.STANDARD));
      assertThat(ApiModelsProvider.builder().variant(ApiModelsProvider.Variant.LOCALIZED)
              .variantFromEnvironment(Map.of()).apiKey(KEY).build().variant())
          .as("unset leaves the variant chosen in code").isEqualTo(ApiModelsProvider.Variant.LOCALIZED);
    }

    @Test
    void should_refuse_a_variant_the_environment_misnames_naming_the_variable_the_value_and_the_choices() {
      assertThatThrownBy(() -> ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", KEY, "APIMODELS_VARIANT", "ru")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("APIMODELS_VARIANT: \"ru\" is not a variant of apimodels' API; use standard or localized");
      assertThat(ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_VARIANT", "ru")))
          .as("without a key the vendor is not configured, and nothing else is read").isEmpty();
    }

    @Test
    void should_never_show_the_key() {
      ApiModelsProvider provider = ApiModelsProvider.fromEnvironment(Map.of("APIMODELS_KEY", KEY)).orElseThrow();

      assertThat(provider.toString()).doesNotContain(KEY);
      assertThatThrownBy(() -> ApiModelsProvider.builder().apiKey("sk bad key"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk bad key"));
    }
  }

  @Nested
  class AgainstTheSimulator {
    private final ManualScheduler clock = new ManualScheduler();
    private final BooleanSupplier httpInFlight = VirtualTime.callsInFlight(TestSupport.CLIENT);
    private ApiModelsSimulator vendor;
    private ApiModelsProvider provider;

    @BeforeEach
    void start() {
      vendor = new ApiModelsSimulator(KEY, clock).start();
      provider = ApiModelsProvider.builder()
          .apiKey(KEY)
          .baseUrl(vendor.baseUrl())
          .scheduler(clock)
          .requestTimeout(Duration.ofSeconds(5))
          .client(TestSupport.CLIENT)
          .build();
    }

    @AfterEach
    void stop() {
      vendor.close();
    }

    private SubmitRequest firstFaceSays(FaceSession session, String audioUrl) {
      return new SubmitRequest(session,
          List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url(audioUrl)).clip(0, 5_000).build(), session.faces().get(0))), null, "job-1");
    }

    @Test
    void should_identify_through_an_identify_task_polled_on_the_scheduler() throws Exception {
      FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")), clock);

      assertThat(session.faces()).extracting(f -> f.id()).containsExactly("apimodels-ana", "apimodels-ben");
      assertThat(session.faces()).allSatisfy(face -> {
        assertThat(face.hasTimes()).as("apimodels gives no times").isFalse();
        assertThat(face.imageUrl()).isNotNull();
      });
      assertThat(vendor.count(Endpoint.IDENTIFY)).isEqualTo(1);
      assertThat(vendor.count(Endpoint.STATUS)).isEqualTo(2);
      assertThat(vendor.identifyTasks()).singleElement()
          .satisfies(task -> assertThat(task.state()).isEqualTo(SimulatedTask.State.SUCCEEDED));
      assertThat(vendor.tasks()).as("identify tasks are not lip-sync tasks").isEmpty();
    }

    @Test
    void should_identify_even_when_lip_sync_tasks_are_scripted_to_fail() throws Exception {
      vendor.script(TaskScript.fails("upstream error"));

      FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")), clock);

      assertThat(session.faces()).isNotEmpty();
    }

    @Test
    void should_reject_a_video_in_which_the_vendor_finds_nobody() {
      vendor.faces(List.of());

      Throwable failure = failure(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")), clock);

      assertThat(failure).isInstanceOf(ContentRejectedException.class);
      assertThat(((LipSyncException) failure).vendorMessage()).isEqualTo("Face detection failed: no faces found");
    }

    @Test
    void should_surface_a_broken_classpath_met_polling_identification_as_itself() {
      // What OkHttp 5 threw when an older okio was resolved beside it; here only on the polls.
      OkHttpClient brokenPolls = TestSupport.CLIENT.newBuilder().addInterceptor(chain -> {
        if (chain.request().method().equals("GET")) {
          throw new NoSuchMethodError("'okio.Socket okio.Okio.socket(java.net.Socket)'");
        }
        return chain.proceed(chain.request());
      }).build();
      ApiModelsProvider broken = ApiModelsProvider.builder().apiKey(KEY).baseUrl(vendor.baseUrl())
          .scheduler(clock).client(brokenPolls).build();

      CompletableFuture<FaceSession> identification = broken.identifyFaces(VideoSource.url("https://example.com/v.mp4"));
      assertThatThrownBy(() -> TestSupport.await(identification, clock));

      assertThat(identification.handle((session, error) -> LipSyncException.causeOf(error)).join())
          .as("not an unreadable answer, which would fail over")
          .isInstanceOf(NoSuchMethodError.class);
      assertThat(vendor.count(Endpoint.IDENTIFY)).isEqualTo(1);
    }

    @Test
    void should_stop_polling_when_the_caller_cancels_identification() throws Exception {
      vendor.identifyScript(TaskScript.neverEnds());
      CompletableFuture<FaceSession> identification =
          provider.identifyFaces(VideoSource.url("https://example.com/v.mp4"));
      // Stops once two polls have been answered and the third waits on the clock. The clock never
      // moves while a poll is on its way, so the identify timeout cannot end the flow first.
      VirtualTime.until(() -> vendor.count(Endpoint.STATUS) >= 2, clock, httpInFlight);
      assertThat(identification).isNotDone();

      identification.cancel(true);
      int polls = vendor.count(Endpoint.STATUS);
      clock.advance(Duration.ofMinutes(10));
      // A poll the cancellation missed would be on its way now; let it arrive before counting.
      VirtualTime.until(() -> true, clock, httpInFlight);

      assertThat(vendor.count(Endpoint.STATUS)).isEqualTo(polls);
      assertThat(clock.pendingDelays()).isEmpty();
    }

    @Test
    void should_report_a_task_the_vendor_does_not_know_as_not_found() {
      Throwable failure = failure(provider.status(new TaskRef("apimodels", "no-such-task")), clock);

      assertThat(failure).isInstanceOf(NotFoundException.class);
      assertThat(((LipSyncException) failure).vendorMessage()).isEqualTo("Task ID not found");
    }

    @Test
    void should_report_an_expired_session_as_the_vendor_refuses_it() throws Exception {
      FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")), clock);
      vendor.expireSessions();

      Throwable failure = failure(provider.submit(firstFaceSays(session, "https://example.com/a.mp3")), clock);

      assertThat(failure).isInstanceOf(dev.lipsync.core.error.SessionExpiredException.class);
      assertThat(((LipSyncException) failure).httpStatus()).isEqualTo(400);
      assertThat(((LipSyncException) failure).vendorMessage()).contains("session_id");
    }

    @Test
    void should_read_the_callback_the_vendor_delivers_to_a_receiver() throws Exception {
      FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")), clock);
      TaskRef ref = await(provider.submit(firstFaceSays(session, "https://example.com/a.mp3")), clock);
      SimulatedTask task = vendor.lastTask();
      task.finish(true);
      try (MockWebServer receiver = new MockWebServer()) {
        receiver.start(InetAddress.getLoopbackAddress(), 0);
        receiver.enqueue(new MockResponse.Builder().code(204).build());

        int status = vendor.deliverCallback(ref.taskId(), receiver.url("/webhook/kling-lip-sync").toString());

        RecordedRequest delivered = receiver.takeRequest(5, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(204);
        assertThat(delivered.getMethod()).isEqualTo("POST");
        assertThat(delivered.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(delivered.getHeaders().get("Authorization")).as("unsigned, no key").isNull();
        String body = delivered.getBody().utf8();
        assertThat(TestSupport.json(body).get("data")).asInstanceOf(InstanceOfAssertFactories.MAP)
            .containsEntry("state", "completed")
            .containsEntry("failCode", null)
            .hasEntrySatisfying("param", param -> assertThat(param).as("a JSON string").isInstanceOf(String.class))
            .hasEntrySatisfying("resultJson", result -> assertThat(result).as("a JSON string").isInstanceOf(String.class));
        TaskSnapshot snapshot = provider.parseCallback(body);
        assertThat(snapshot.ref()).isEqualTo(ref);
        assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(snapshot.videos()).extracting(ResultVideo::url)
            .containsExactly(URI.create(vendor.baseUrl() + "/results/apimodels-" + ref.taskId() + ".mp4"));
        // The vendor writes times in milliseconds; the clock, moved to each jittered poll, has nanoseconds.
        assertThat(snapshot.createdAt()).isEqualTo(task.createdAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(snapshot.updatedAt()).isEqualTo(clock.now().truncatedTo(ChronoUnit.MILLIS));
      }
    }

    @Test
    void should_read_a_failed_tasks_callback() throws Exception {
      vendor.script(TaskScript.fails("Face detection failed: no faces found"));
      FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")), clock);
      TaskRef ref = await(provider.submit(firstFaceSays(session, "https://example.com/a.mp3")), clock);
      vendor.lastTask().finish(false);

      TaskSnapshot snapshot = provider.parseCallback(vendor.callbackBody(ref.taskId()));

      assertThat(snapshot.state()).isEqualTo(TaskState.FAILED);
      assertThat(snapshot.videos()).isEmpty();
      assertThat(snapshot.failure().message()).isEqualTo("Face detection failed: no faces found");
    }

    @Test
    void should_deliver_callbacks_to_loopback_only() {
      assertThatThrownBy(() -> vendor.deliverCallback("1", "https://hooks.example.com/x"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_report_the_scripts_running_word_while_a_task_runs() throws Exception {
      vendor.script(TaskScript.succeeds().afterPolls(3).reportingWhileRunning("rendering"));
      FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")), clock);
      TaskRef ref = await(provider.submit(firstFaceSays(session, "https://example.com/a.mp3")), clock);

      TaskSnapshot running = await(provider.status(ref), clock);
      await(provider.status(ref), clock);
      TaskSnapshot done = await(provider.status(ref), clock);

      assertThat(running.rawStatus()).isEqualTo("rendering");
      assertThat(running.state()).isEqualTo(TaskState.RUNNING);
      assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(vendor.requests(Endpoint.SUBMIT).get(0).body()).contains("\"session_id\":\"" + session.sessionId());
    }

    @Test
    void should_not_know_another_vendors_task() {
      assertThat(failure(provider.status(new TaskRef("cometapi", "1")), clock)).isInstanceOf(NotFoundException.class);
      assertThat(vendor.requests()).isEmpty();
    }
  }
}
