package dev.lipsync.integration;

import static dev.lipsync.testkit.VirtualTime.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.gateway.CallbackOutcome;
import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.Fault;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway against the three vendors' simulators together, scenario by scenario. */
class GatewayScenariosTest {
  private final ThreeVendors vendors = new ThreeVendors();
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    vendors.close();
  }

  /** A job naming no face: wherever the failover leads, the vendor's session can serve it. */
  private static LipSyncJob audioJob() {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(FaceSelector.unnamed())
            .audio(AudioSource.url("https://example.com/line.mp3")).build())
        .build();
  }

  private LipSyncResult runToEnd(LipSyncGateway gateway, LipSyncJob job) {
    return vendors.await(gateway.run(job, events::add).result());
  }

  private Throwable runToFailure(LipSyncGateway gateway, LipSyncJob job) {
    return vendors.failure(gateway.run(job, events::add).result());
  }

  private double failovers(String from, String to, String reason) {
    var counter = vendors.registry.find("lipsync.failovers").tags("from", from, "to", to, "reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void should_serve_a_job_at_the_first_vendor() {
    LipSyncResult result = runToEnd(vendors.gateway().build(), audioJob());

    assertThat(result.vendor()).isEqualTo("cometapi");
    assertThat(result.videos()).isNotEmpty();
    assertThat(result.attempts()).extracting(Attempt::vendor, Attempt::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cometapi", Attempt.Outcome.SUCCEEDED));
    assertThat(result.faceRules()).containsExactly("face 1 by order of appearance");
    assertThat(vendors.apimodels.requests()).isEmpty();
    assertThat(vendors.alad.requests()).isEmpty();
    assertThat(events).extracting(JobEvent::type).contains(
        JobEvent.Type.IDENTIFYING, JobEvent.Type.IDENTIFIED, JobEvent.Type.SUBMITTED, JobEvent.Type.SUCCEEDED);
    assertThat(vendors.registry.find("lipsync.jobs").tags("vendor", "cometapi", "outcome", "success").timer().count())
        .isEqualTo(1);
  }

  @Test
  void should_report_what_the_vendor_billed_for_identification_and_task() {
    LipSyncResult result = runToEnd(vendors.gateway().build(), audioJob());

    // Kling's final_unit_deduction of the identification and of the task, as CometAPI forwards them.
    assertThat(result.billedUnits()).isEqualByComparingTo(new BigDecimal(VendorSimulator.KLING_TASK_UNITS)
        .add(new BigDecimal(VendorSimulator.KLING_IDENTIFY_UNITS)));
    assertThat(result.videos()).allSatisfy(video -> assertThat(video.watermarkUrl()).isNull());
  }

  @Test
  void should_take_a_job_asking_for_a_watermark_only_where_one_is_made() {
    vendors.cometapi.injectAlways(Endpoint.IDENTIFY, Fault.status(503));
    LipSyncJob watermarked = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .audio(AudioSource.url("https://example.com/line.mp3"))
        .watermark(true)
        .build();

    Throwable failure = runToFailure(vendors.gateway().build(), watermarked);

    // apimodels and alad make no watermarked copy: the job fails at CometAPI rather than going there.
    assertThat(vendors.apimodels.requests()).isEmpty();
    assertThat(vendors.alad.requests()).isEmpty();
    assertThat(failure).isInstanceOf(UnavailableException.class);
    vendors.cometapi.clearFaults();

    LipSyncResult result = runToEnd(vendors.gateway().build(), watermarked);

    assertThat(result.vendor()).isEqualTo("cometapi");
    assertThat(vendors.cometapi.lastTask().request()).containsEntry("watermark_info", Map.of("enabled", true));
    assertThat(result.videos()).singleElement().satisfies(video ->
        assertThat(video.watermarkUrl()).hasToString(video.url().toString().replace(".mp4", "-watermarked.mp4")));
  }

  @Test
  void should_fail_over_on_server_errors_and_count_it() {
    vendors.cometapi.injectAlways(Endpoint.IDENTIFY, Fault.status(503));

    LipSyncResult result = runToEnd(vendors.gateway().build(), audioJob());

    assertThat(result.vendor()).isEqualTo("apimodels");
    assertThat(vendors.cometapi.count(Endpoint.SUBMIT)).isZero();
    assertThat(failovers("cometapi", "apimodels", "unavailable")).isEqualTo(1);
    assertThat(events).extracting(JobEvent::type).contains(JobEvent.Type.FAILED_OVER);
  }

  @Test
  void should_fail_over_when_the_first_vendor_refuses_connections() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    LipSyncProvider unreachable = CometApiProvider.builder().apiKey(ThreeVendors.KEY)
        .baseUrl("http://127.0.0.1:" + closedPort).client(vendors.http).build();

    LipSyncResult result = runToEnd(
        vendors.gateway(unreachable, vendors.apimodelsProvider()).build(), audioJob());

    assertThat(result.vendor()).isEqualTo("apimodels");
    assertThat(failovers("cometapi", "apimodels", "unavailable")).isEqualTo(1);
  }

  @Test
  void should_fail_over_on_a_refused_key() {
    LipSyncProvider wrongKey = CometApiProvider.builder().apiKey("sk-wrong").baseUrl(vendors.cometapi.baseUrl())
        .client(vendors.http).build();

    LipSyncResult result = runToEnd(vendors.gateway(wrongKey, vendors.apimodelsProvider()).build(), audioJob());

    assertThat(result.vendor()).isEqualTo("apimodels");
    assertThat(failovers("cometapi", "apimodels", "authentication")).isEqualTo(1);
  }

  @Test
  void should_fail_over_when_the_account_is_out_of_credit() {
    vendors.cometapi.inject(Endpoint.SUBMIT, Fault.status(402));

    LipSyncResult result = runToEnd(vendors.gateway().build(), audioJob());

    assertThat(result.vendor()).isEqualTo("apimodels");
    assertThat(failovers("cometapi", "apimodels", "out-of-credit")).isEqualTo(1);
    assertThat(vendors.submits()).as("one refused submit, one paid").isEqualTo(2);
  }

  @Test
  void should_fail_over_on_rate_limits_once_retries_are_spent() {
    vendors.cometapi.injectAlways(Endpoint.IDENTIFY, Fault.status(429, "2"));

    LipSyncResult result = runToEnd(vendors.gateway().build(), audioJob());

    assertThat(result.vendor()).isEqualTo("apimodels");
    assertThat(vendors.cometapi.count(Endpoint.IDENTIFY)).isEqualTo(ResilienceSettings.defaults().maxAttempts());
    assertThat(failovers("cometapi", "apimodels", "rate-limited")).isEqualTo(1);
  }

  @Test
  void should_send_nothing_for_an_invalid_job() {
    assertThatThrownBy(() -> LipSyncJob.builder().videoUrl("https://example.com/v.mp4")
            .dub(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3")).clip(0, 1_500).build())
            .build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("dub[0].clip: 1500 ms is shorter than the 2000 ms minimum");

    assertThat(vendors.requests()).isZero();
  }

  @Test
  void should_not_fail_over_when_a_vendor_says_the_request_is_invalid() {
    vendors.cometapi.inject(Endpoint.SUBMIT, Fault.businessCode(400, 1201));

    Throwable failure = runToFailure(vendors.gateway().build(), audioJob());

    assertThat(failure).isInstanceOf(InvalidRequestException.class);
    assertThat(vendors.apimodels.requests()).isEmpty();
    assertThat(vendors.alad.requests()).isEmpty();
  }

  @Test
  void should_not_fail_over_when_the_content_is_rejected() {
    vendors.cometapi.inject(Endpoint.SUBMIT, Fault.businessCode(400, 1301));

    Throwable failure = runToFailure(vendors.gateway().build(), audioJob());

    assertThat(failure).isInstanceOf(ContentRejectedException.class);
    assertThat(vendors.apimodels.requests()).isEmpty();
    assertThat(vendors.alad.requests()).isEmpty();
  }

  @Test
  void should_route_a_text_job_past_vendors_without_text_mode() {
    vendors.alad.faces(List.of(SimFace.defaults().get(0)));
    LipSyncJob speech = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .audio(AudioSource.speech("Hello, welcome to my channel", "oversea_male1", VoiceLanguage.EN))
        .build();

    LipSyncResult result = runToEnd(vendors.gateway().build(), speech);

    assertThat(result.vendor()).isEqualTo("alad");
    assertThat(vendors.cometapi.requests()).isEmpty();
    assertThat(vendors.apimodels.requests()).isEmpty();
  }

  @Test
  void should_let_alad_choose_the_face_of_a_text_job_on_a_two_person_video() {
    LipSyncJob speech = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .audio(AudioSource.speech("Hello, welcome to my channel", "oversea_male1", VoiceLanguage.EN))
        .build();

    LipSyncResult result = runToEnd(vendors.gateway().build(), speech);

    assertThat(result.vendor()).isEqualTo("alad");
    assertThat(result.faceRules()).containsExactly("alad chooses the face: it takes no face id");
    assertThat(vendors.alad.faceImageUrls()).containsExactly(Optional.empty());
    assertThat(vendors.alad.personDubbed(result.taskRef().taskId())).as("alad's own choice").contains("ana");
  }

  @Test
  void should_reach_alad_with_cometapis_picture_of_the_named_face_after_cometapi_fails() {
    // alad lists ben second by appearance but first in its list: only the picture tells it the face.
    vendors.alad.faces(List.of(SimFace.defaults().get(1), SimFace.defaults().get(0)));
    vendors.cometapi.inject(Endpoint.SUBMIT, Fault.status(402));
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2))
            .audio(AudioSource.url("https://example.com/line.mp3")).build())
        .build();

    LipSyncResult result = runToEnd(vendors.gateway(vendors.cometapiProvider(), vendors.aladProvider()).build(), job);

    assertThat(result.vendor()).isEqualTo("alad");
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT).get(0).body()).contains("cometapi-ben");
    assertThat(vendors.alad.faceImageUrls())
        .containsExactly(Optional.of(vendors.cometapi.faceImageUrl(SimFace.defaults().get(1))));
    assertThat(vendors.alad.personDubbed(result.taskRef().taskId())).contains("ben");
    assertThat(result.faceRules())
        .containsExactly("face 2 by order of appearance, by its picture from cometapi's session");
  }

  @Test
  void should_not_pay_alad_for_a_named_face_it_has_no_picture_of() {
    // Text on a video by URL: CometAPI cannot take it, so no session shows a picture of face 2.
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2))
            .audio(AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN)).build())
        .build();

    Throwable failure = runToFailure(vendors.gateway(vendors.cometapiProvider(), vendors.aladProvider()).build(), job);

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("[alad] finds the face dub[0] names only approximately")
        .hasMessageContaining("it takes no face id, and no picture is known of the face dub[0] names");
    assertThat(vendors.cometapi.requests()).isEmpty();
    assertThat(vendors.alad.count(Endpoint.IDENTIFY)).isEqualTo(1);
    assertThat(vendors.submits()).as("nothing paid").isZero();
  }

  @Test
  void should_say_vendor_by_vendor_why_no_one_can_serve_a_job() {
    LipSyncJob speechWithVolume = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().audio(AudioSource.speech("Hi", "uk_boy1", VoiceLanguage.EN)).originalVolume(0.2).build())
        .build();

    Throwable failure = runToFailure(vendors.gateway().build(), speechWithVolume);

    assertThat(failure).isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("cometapi: ")
        .hasMessageContaining("apimodels: takes no text to speak (text mode)")
        .hasMessageContaining("alad: cannot set volumes");
    assertThat(vendors.requests()).isZero();
  }

  @Test
  void should_submit_exactly_once_when_the_outcome_of_a_submit_is_unknown() {
    vendors.cometapi.inject(Endpoint.SUBMIT, Fault.noAnswer());
    LipSyncJob job = audioJob();

    Throwable failure = runToFailure(vendors.gateway().build(), job);

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    SubmitOutcomeUnknownException unknown = (SubmitOutcomeUnknownException) failure;
    assertThat(unknown.vendor()).isEqualTo("cometapi");
    assertThat(unknown.idempotencyKey()).isEqualTo(job.idempotencyKey());
    assertThat(vendors.submits()).as("never paid twice").isEqualTo(1);
  }

  @Test
  void should_stop_with_the_key_when_cometapi_refuses_the_retry_because_the_first_submit_created_the_task() {
    // A vendor that created the task and still answered "rate limited" would be lying; the gateway takes
    // a refusal at its word and tries again. CometAPI's external_task_id turns the second task down, and
    // that refusal says the first one exists: the job must not move on and pay apimodels.
    vendors.cometapi.inject(Endpoint.SUBMIT, Fault.afterHandling(Fault.businessCode(429, 1302)));
    LipSyncJob job = audioJob();

    Throwable failure = runToFailure(vendors.gateway().build(), job);

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class)
        .hasMessageContaining("a task with the job's key exists already");
    SubmitOutcomeUnknownException unknown = (SubmitOutcomeUnknownException) failure;
    assertThat(unknown.vendor()).isEqualTo("cometapi");
    assertThat(unknown.idempotencyKey()).isEqualTo(job.idempotencyKey());
    assertThat(vendors.cometapi.count(Endpoint.SUBMIT)).as("the retry was sent").isEqualTo(2);
    assertThat(vendors.cometapi.tasks()).as("and refused").hasSize(1);
    assertThat(vendors.apimodels.requests()).as("nothing went to the next vendor").isEmpty();
  }

  @Test
  void should_never_resubmit_nor_fail_over_after_any_answer_that_may_follow_the_tasks_creation() {
    List<Fault> answers = List.of(Fault.status(500), Fault.status(503), Fault.htmlPage(502),
        Fault.businessCode(500, 5000), Fault.redirect(), Fault.errorIn200(1102),
        Fault.response(new mockwebserver3.MockResponse.Builder().code(429).build()));
    for (Fault answer : answers) {
      try (ThreeVendors fresh = new ThreeVendors()) {
        fresh.apimodels.inject(Endpoint.SUBMIT, Fault.afterHandling(answer));
        LipSyncJob job = audioJob();
        LipSyncGateway gateway =
            fresh.gateway(fresh.apimodelsProvider(), fresh.cometapiProvider(), fresh.aladProvider()).build();

        Throwable failure = fresh.failure(gateway.run(job).result());

        assertThat(failure).as(answer.toString()).isInstanceOf(SubmitOutcomeUnknownException.class);
        assertThat(((SubmitOutcomeUnknownException) failure).vendor()).isEqualTo("apimodels");
        assertThat(((SubmitOutcomeUnknownException) failure).idempotencyKey()).isEqualTo(job.idempotencyKey());
        assertThat(fresh.submits()).as(answer + ": one paid submit, at one vendor").isEqualTo(1);
      }
    }
  }

  @Test
  void should_skip_a_vendor_whose_circuit_opened_without_calling_it() {
    vendors.cometapi.injectAlways(Endpoint.IDENTIFY, Fault.status(500));
    LipSyncGateway gateway = vendors.gateway()
        .resilience(ResilienceSettings.builder().maxAttempts(1).breakerFailureThreshold(2).build())
        .build();
    runToEnd(gateway, audioJob());
    runToEnd(gateway, audioJob());
    int callsWhenOpen = vendors.cometapi.requests().size();

    LipSyncResult third = runToEnd(gateway, audioJob());

    assertThat(third.vendor()).isEqualTo("apimodels");
    assertThat(third.attempts()).extracting(Attempt::vendor).containsExactly("apimodels");
    assertThat(vendors.cometapi.requests()).hasSize(callsWhenOpen);
    assertThat(vendors.registry.find("lipsync.circuit.state").tags("vendor", "cometapi").gauge().value()).isEqualTo(2);
  }

  @Test
  void should_choose_the_same_person_at_vendors_that_list_faces_in_different_orders() {
    // Both list ben first; CometAPI gives times, so ana is face 1, and apimodels gives none, so only
    // the pictures say which of its faces is ana.
    vendors.cometapi.faces(List.of(SimFace.defaults().get(1), SimFace.defaults().get(0)));
    vendors.apimodels.faces(List.of(SimFace.defaults().get(1), SimFace.defaults().get(0)));
    vendors.cometapi.inject(Endpoint.SUBMIT, Fault.status(402));

    LipSyncResult result = runToEnd(vendors.gateway().build(), audioJob());

    assertThat(result.vendor()).isEqualTo("apimodels");
    String cometapiChoice = events.stream().filter(e -> e.type() == JobEvent.Type.IDENTIFIED
        && "cometapi".equals(e.vendor())).findFirst().orElseThrow().message();
    assertThat(cometapiChoice).contains("face 1 by order of appearance");
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT).get(0).body()).contains("cometapi-ana");
    assertThat(vendors.apimodels.requests(Endpoint.SUBMIT).get(0).body()).contains("apimodels-ana");
    assertThat(result.faceRules()).singleElement().asString()
        .startsWith("face 1 by order of appearance at cometapi; here the face its picture matches (");
  }

  /** A listener recording events, and a future completed with the task ref once the job submitted. */
  private final CompletableFuture<TaskRef> submitted = new CompletableFuture<>();

  private void record(JobEvent event) {
    events.add(event);
    if (event.type() == JobEvent.Type.SUBMITTED) {
      submitted.complete(event.taskRef());
    }
  }

  @Test
  void should_finish_a_task_on_its_callback_before_the_next_poll() {
    LipSyncGateway gateway = vendors.gateway().build();
    JobHandle handle = gateway.run(audioJob(), this::record);
    // Steps of zero run what is due but never move the clock: no poll can come before the callback,
    // and no deadline can overtake an answer.
    TaskRef ref = await(submitted, vendors.clock, Duration.ZERO);
    vendors.cometapi.lastTask().finish(true);
    String callback = vendors.cometapi.callbackBody(vendors.cometapi.lastTask().id());

    CallbackOutcome outcome = gateway.onCallback("cometapi", callback);

    assertThat(outcome).isEqualTo(CallbackOutcome.ACCEPTED);
    LipSyncResult result = await(handle.result(), vendors.clock, Duration.ZERO);
    assertThat(result.taskRef()).isEqualTo(ref);
    assertThat(vendors.cometapi.count(Endpoint.STATUS)).as("one status call confirmed it; no poll was needed")
        .isEqualTo(1);
    assertThat(gateway.onCallback("cometapi", callback)).as("a duplicate after the end")
        .isEqualTo(CallbackOutcome.UNKNOWN_TASK);
    assertThat(gateway.onCallback("cometapi", "{not json")).isEqualTo(CallbackOutcome.MALFORMED);
    assertThat(gateway.onCallback("nobody", "{}")).isEqualTo(CallbackOutcome.UNKNOWN_VENDOR);
  }

  @Test
  void should_not_end_a_running_task_on_a_forged_callback_and_serve_the_vendors_own_video() {
    LipSyncGateway gateway = vendors.gateway().build();
    JobHandle handle = gateway.run(audioJob(), this::record);
    TaskRef ref = await(submitted, vendors.clock, Duration.ZERO);
    String forged = vendors.cometapi.forgedCallbackBody(ref.taskId(), "https://reseller-b.example/not-your-video.mp4");

    CallbackOutcome outcome = gateway.onCallback("cometapi", forged);
    // The clock stands still while the status call that weighs the callback runs on loopback.
    awaitCallbacks("contradicted", 1);

    assertThat(outcome).as("taken as a hint").isEqualTo(CallbackOutcome.ACCEPTED);
    assertThat(vendors.cometapi.count(Endpoint.STATUS)).isEqualTo(1);
    assertThat(handle.result()).as("the vendor says the task is still under way").isNotDone();
    LipSyncResult result = vendors.await(handle.result());
    assertThat(result.videos()).extracting(video -> video.url().toString())
        .noneMatch(url -> url.contains("reseller-b.example"))
        .allMatch(url -> url.startsWith(vendors.cometapi.baseUrl()));
  }

  private void awaitCallbacks(String verdict, int count) {
    long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (callbacks(verdict) < count) {
      assertThat(System.nanoTime()).as("a callback weighed within 10 s").isLessThan(giveUp);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  private double callbacks(String verdict) {
    var counter = vendors.registry.find("lipsync.callbacks").tags("vendor", "cometapi", "verdict", verdict).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void should_resume_a_task_submitted_by_another_gateway() {
    LipSyncGateway first = vendors.gateway().build();
    JobHandle handle = first.run(audioJob(), this::record);
    TaskRef ref = await(submitted, vendors.clock, Duration.ZERO);
    handle.cancel();

    LipSyncGateway second = vendors.gateway().build();
    LipSyncResult result = vendors.await(second.resume(TaskRef.parse(ref.toString())).result());

    assertThat(result.taskRef()).isEqualTo(ref);
    assertThat(result.videos()).isNotEmpty();
    assertThat(result.idempotencyKey()).isNull();
    assertThat(vendors.submits()).isEqualTo(1);
  }

  @Test
  void should_let_a_person_choose_a_face_between_identify_and_submit() {
    LipSyncGateway gateway = vendors.gateway().build();

    var session = vendors.await(
        gateway.identify(dev.lipsync.core.model.VideoSource.url("https://example.com/interview.mp4")));
    var chosen = session.faces().get(1);
    LipSyncResult result = vendors.await(gateway.submit(session,
        List.of(Dub.builder().face(FaceSelector.byId(chosen.id())).audio(AudioSource.url("https://example.com/line.mp3")).build()),
        this::record).result());

    assertThat(session.vendor()).isEqualTo("cometapi");
    assertThat(result.vendor()).isEqualTo("cometapi");
    assertThat(result.faceRules()).containsExactly("face id " + chosen.id());
    assertThat(vendors.cometapi.count(Endpoint.IDENTIFY)).as("identified once, by the application").isEqualTo(1);
    assertThat(vendors.cometapi.requests(Endpoint.SUBMIT).get(0).body()).contains(chosen.id());
  }

  @Test
  void should_end_a_task_that_never_finishes_at_the_deadline() {
    vendors.cometapi.script(TaskScript.neverEnds());
    LipSyncJob job = LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .audio(AudioSource.url("https://example.com/line.mp3"))
        .timeout(Duration.ofMinutes(3))
        .build();

    Throwable failure = runToFailure(vendors.gateway().build(), job);

    assertThat(failure).isInstanceOf(DeadlineExceededException.class);
    assertThat(((LipSyncException) failure).taskRef()).isPresent();
    assertThat(vendors.submits()).isEqualTo(1);
    assertThat(vendors.apimodels.requests()).as("a paid task never fails over").isEmpty();
  }
}
