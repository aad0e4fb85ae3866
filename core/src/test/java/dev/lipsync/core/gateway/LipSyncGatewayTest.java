package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.VIDEO;
import static dev.lipsync.core.gateway.ScriptedVendors.bare;
import static dev.lipsync.core.gateway.ScriptedVendors.capabilities;
import static dev.lipsync.core.gateway.ScriptedVendors.job;
import static dev.lipsync.core.gateway.ScriptedVendors.succeeded;
import static dev.lipsync.core.gateway.ScriptedVendors.vendor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lipsync.core.error.AuthenticationException;
import dev.lipsync.core.error.ContentRejectedException;
import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.Violation;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.error.ProtocolException;
import dev.lipsync.core.error.SessionExpiredException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.error.TaskFailedException;
import dev.lipsync.core.error.UnavailableException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceMatch;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskFailure;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.store.InMemoryJobStore;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.store.Lease;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The gateway's decisions, on scripted vendors that answer at once: what the simulators cannot show
 * (no real vendor looks tasks up by key or cancels), and the routing strategies.
 */
class LipSyncGatewayTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private LipSyncGateway.Builder gateway(ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(time)
        .meterRegistry(registry)
        .random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder;
  }

  private <T> T finish(CompletableFuture<T> future) {
    return Outcomes.finish(time, future);
  }

  private Throwable failureOf(CompletableFuture<?> future) {
    return Outcomes.failureOf(time, future);
  }

  private static SubmitOutcomeUnknownException unknown(String vendor) {
    return new SubmitOutcomeUnknownException(ErrorContext.of(vendor), "no answer after the submit was sent", null, null);
  }

  // ---- never paying twice ---------------------------------------------------------------------

  @Test
  void should_track_the_task_a_lookup_finds_after_an_unknown_submit() {
    ScriptedProvider a = new ScriptedProvider("a", capabilities(true, false), Pricing.of("0.001", "0.01"))
        .on("identify", new FaceSession("a", "s", VIDEO, List.of(Face.of("f"))))
        .on("submit", unknown("a"))
        .on("lookup", Optional.of(new TaskRef("a", "found-by-key")))
        .on("status", succeeded(new TaskRef("a", "found-by-key")));
    ScriptedProvider b = vendor("b");

    LipSyncResult result = finish(gateway(a, b).build().run(job()).result());

    assertThat(result.taskRef()).isEqualTo(new TaskRef("a", "found-by-key"));
    assertThat(a.calls("submit")).isEqualTo(1);
    assertThat(a.calls("lookup")).isEqualTo(1);
    assertThat(b.calls("identify")).isZero();
  }

  @Test
  void should_move_on_once_a_lookup_shows_no_task_was_created() {
    ScriptedProvider a = new ScriptedProvider("a", capabilities(true, false), Pricing.unknown())
        .on("identify", new FaceSession("a", "s", VIDEO, List.of(Face.of("f"))))
        .on("submit", unknown("a"))
        .on("lookup", Optional.empty());
    ScriptedProvider b = vendor("b");

    LipSyncResult result = finish(gateway(a, b).build().run(job()).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(a.calls("submit")).isEqualTo(1);
    assertThat(b.calls("submit")).isEqualTo(1);
    assertThat(result.attempts()).extracting(Attempt::vendor, Attempt::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", Attempt.Outcome.FAILED),
        org.assertj.core.groups.Tuple.tuple("b", Attempt.Outcome.SUCCEEDED));
  }

  @Test
  void should_stop_with_the_unknown_outcome_where_no_lookup_settles_it() {
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.unknown())
        .on("identify", new FaceSession("a", "s", VIDEO, List.of(Face.of("f"))))
        .on("submit", unknown("a"));
    ScriptedProvider b = vendor("b");
    LipSyncJob job = job();

    JobHandle handle = gateway(a, b).build().run(job);
    Throwable failure = failureOf(handle.result());

    assertThat(failure).isInstanceOf(SubmitOutcomeUnknownException.class);
    assertThat(((SubmitOutcomeUnknownException) failure).idempotencyKey()).isEqualTo(job.idempotencyKey());
    assertThat(b.calls("identify")).isZero();
    assertThat(handle.attempts()).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.OUTCOME_UNKNOWN);
    assertThat(handle.state()).isEqualTo(JobState.FAILED);
  }

  // ---- callbacks ------------------------------------------------------------------------------

  @Test
  void should_refuse_an_oversized_callback_without_reading_it() {
    ScriptedProvider kling = new ScriptedProvider();
    LipSyncGateway gateway = gateway(kling).build();

    CallbackOutcome oversized = gateway.onCallback("kling", " ".repeat(LipSyncGateway.MAX_CALLBACK_CHARS + 1));
    CallbackOutcome largest = gateway.onCallback("kling", " ".repeat(LipSyncGateway.MAX_CALLBACK_CHARS));

    assertThat(oversized).isEqualTo(CallbackOutcome.MALFORMED);
    assertThat(largest).as("read, and about a task not tracked here").isEqualTo(CallbackOutcome.UNKNOWN_TASK);
    assertThat(kling.calls("callback")).as("only the body within the limit was parsed").isEqualTo(1);
  }

  // ---- expired sessions -----------------------------------------------------------------------

  private static SessionExpiredException expired(String vendor) {
    return new SessionExpiredException(
        new ErrorContext(vendor, 400, "1201", "session_id is invalid or has expired", null),
        "the vendor no longer knows the face session", null);
  }

  @Test
  void should_identify_again_once_and_submit_when_the_vendor_says_the_session_expired() {
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.of("0.001", "0.01"))
        .on("identify", new FaceSession("a", "old", VIDEO, List.of(Face.of("f"))),
            new FaceSession("a", "new", VIDEO, List.of(Face.of("f"))))
        .on("submit", expired("a"), new TaskRef("a", "task-a"))
        .on("status", succeeded(new TaskRef("a", "task-a")));
    ScriptedProvider b = vendor("b");
    List<JobEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    LipSyncResult result = finish(gateway(a, b).build().run(job(), events::add).result());

    assertThat(result.vendor()).isEqualTo("a");
    assertThat(a.calls("identify")).isEqualTo(2);
    assertThat(a.calls("submit")).isEqualTo(2);
    assertThat(b.calls("identify")).isZero();
    assertThat(result.attempts()).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.SUCCEEDED);
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.IDENTIFYING).extracting(JobEvent::message)
        .containsExactly("identifying the faces", "the session expired at a; identifying the faces again");
  }

  @Test
  void should_move_on_when_a_fresh_session_expires_too() {
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.unknown())
        .on("identify", new FaceSession("a", "s", VIDEO, List.of(Face.of("f"))))
        .on("submit", expired("a"));
    ScriptedProvider b = vendor("b");

    LipSyncResult result = finish(gateway(a, b).build().run(job()).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(a.calls("identify")).as("identified again once, not in a loop").isEqualTo(2);
    assertThat(a.calls("submit")).isEqualTo(2);
    assertThat(result.attempts()).extracting(Attempt::vendor, Attempt::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", FailureKind.SESSION_EXPIRED),
        org.assertj.core.groups.Tuple.tuple("b", null));
  }

  @Test
  void should_renew_an_expired_session_of_the_two_step_flow_at_its_vendor() {
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.unknown())
        .on("identify", new FaceSession("a", "new", VIDEO, List.of(Face.of("f"))))
        .on("submit", expired("a"), new TaskRef("a", "task-a"))
        .on("status", succeeded(new TaskRef("a", "task-a")));
    LipSyncGateway gateway = gateway(a, vendor("b")).build();
    FaceSession stale = new FaceSession("a", "old", VIDEO, List.of(Face.of("f")));

    LipSyncResult result = finish(gateway.submit(stale,
        List.of(dev.lipsync.core.model.Dub.builder().face(dev.lipsync.core.model.FaceSelector.byId("f"))
            .audio(AudioSource.url("https://example.com/a.mp3")).build()), JobListener.NONE).result());

    assertThat(result.taskRef()).isEqualTo(new TaskRef("a", "task-a"));
    assertThat(a.calls("identify")).isEqualTo(1);
  }

  @Test
  void should_not_fail_over_a_failed_task_unless_told() {
    TaskRef ref = new TaskRef("a", "task-a");
    TaskSnapshot failed = TaskSnapshot.builder(ref, TaskState.FAILED).failure(new TaskFailure("1", "no lips")).build();
    ScriptedProvider stay = bare("a", false, false, "0.01").on("status", failed);
    ScriptedProvider move = bare("a", false, false, "0.01").on("status", failed);

    Throwable stopped = failureOf(gateway(stay, vendor("b")).build().run(job()).result());
    LipSyncResult moved = finish(gateway(move, vendor("b")).failoverOnTaskFailure(true).build().run(job()).result());

    assertThat(stopped).isInstanceOf(TaskFailedException.class).hasMessageContaining("no lips");
    assertThat(((TaskFailedException) stopped).taskRef()).contains(ref);
    assertThat(moved.vendor()).isEqualTo("b");
  }

  @Test
  void should_name_the_task_in_an_error_met_while_tracking_it() {
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", new AuthenticationException("a", "key revoked"));
    ScriptedProvider b = vendor("b");

    Throwable failure = failureOf(gateway(a, b).build().run(job()).result());

    assertThat(failure).isInstanceOf(AuthenticationException.class);
    assertThat(((AuthenticationException) failure).taskRef()).contains(new TaskRef("a", "task-a"));
    assertThat(failure.getMessage()).contains("task a:task-a");
    assertThat(b.calls("identify")).as("a paid task never fails over").isZero();
  }

  // ---- routing ---------------------------------------------------------------------------------

  @Test
  void should_order_by_cost_with_the_cheapest_strategy() {
    ScriptedProvider dear = vendor("dear", "0.90");
    ScriptedProvider cheap = vendor("cheap", "0.10");

    LipSyncResult result = finish(gateway(dear, cheap).strategy(RoutingStrategy.CHEAPEST).build().run(job()).result());

    assertThat(result.vendor()).isEqualTo("cheap");
    assertThat(dear.calls("identify")).isZero();
    // 8 s of result video: two started 5-second units and one identification.
    assertThat(result.estimatedCostUsd()).isEqualByComparingTo("0.201");
    assertThat(registry.find("lipsync.cost").tags("vendor", "cheap").counter().count()).isEqualTo(0.201);
  }

  @Test
  void should_tag_a_job_and_its_calls_with_one_outcome_vocabulary() {
    ScriptedProvider cheap = vendor("cheap", "0.10");

    finish(gateway(cheap).build().run(job()).result());

    assertThat(registry.find("lipsync.jobs").tags("vendor", "cheap", "outcome", "success").timer().count())
        .isEqualTo(1);
    assertThat(registry.find("lipsync.requests").tags("vendor", "cheap", "operation", "submit", "outcome", "success")
        .timer().count()).isEqualTo(1);
  }

  @Test
  void should_draw_by_weight_with_the_weighted_strategy() {
    LipSyncGateway.Builder builder = gateway(vendor("a"), vendor("b"))
        .strategy(RoutingStrategy.WEIGHTED_RANDOM).weight("a", 1).weight("b", 3);

    // 0.5 of a total weight of 4 falls in b's share (1 to 4); 0.1 in a's (0 to 1).
    assertThat(finish(builder.random(() -> 0.5).build().run(job()).result()).vendor()).isEqualTo("b");
    assertThat(finish(builder.random(() -> 0.1).build().run(job()).result()).vendor()).isEqualTo("a");
  }

  @Test
  void should_prefer_the_fastest_vendor_once_each_was_measured() {
    CompletableFuture<FaceSession> slowAnswer = new CompletableFuture<>();
    ScriptedProvider slow = new ScriptedProvider("slow", capabilities(false, false), Pricing.unknown())
        .on("identify", slowAnswer, new FaceSession("slow", "s", VIDEO, List.of(Face.of("f"))))
        .on("submit", new TaskRef("slow", "t")).on("status", succeeded(new TaskRef("slow", "t")));
    ScriptedProvider fast = vendor("fast");
    LipSyncGateway gateway = gateway(slow, fast).strategy(RoutingStrategy.LOWEST_LATENCY).build();

    CompletableFuture<LipSyncResult> first = gateway.run(job()).result();
    time.advance(Duration.ofSeconds(10));
    slowAnswer.complete(new FaceSession("slow", "s", VIDEO, List.of(Face.of("f"))));
    String second = finish(gateway.run(job()).result()).vendor();
    String third = finish(gateway.run(job()).result()).vendor();

    assertThat(finish(first).vendor()).as("unmeasured: priority order").isEqualTo("slow");
    assertThat(second).as("the other one still unmeasured").isEqualTo("fast");
    assertThat(third).as("both measured: the faster").isEqualTo("fast");
  }

  @Test
  void should_follow_the_jobs_preferences_and_exclusions() {
    LipSyncGateway gateway = gateway(vendor("a"), vendor("b"), vendor("c")).build();

    LipSyncJob preferring = LipSyncJob.builder().video(VIDEO).audio(AudioSource.url("https://example.com/a.mp3"))
        .preferVendors("c", "b").build();
    LipSyncJob excluding = LipSyncJob.builder().video(VIDEO).audio(AudioSource.url("https://example.com/a.mp3"))
        .excludeVendors("a").build();

    assertThat(finish(gateway.run(preferring).result()).vendor()).isEqualTo("c");
    assertThat(finish(gateway.run(excluding).result()).vendor()).isEqualTo("b");
  }

  @Test
  void should_send_a_vendor_bound_video_only_to_its_vendor() {
    ScriptedProvider a = vendor("a");
    ScriptedProvider b = vendor("b");
    LipSyncJob job = LipSyncJob.builder().video(VideoSource.vendorVideo("v-1").at("b"))
        .audio(AudioSource.url("https://example.com/a.mp3")).build();

    LipSyncResult result = finish(gateway(a, b).build().run(job).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(a.calls("identify")).isZero();
  }

  @Test
  void should_explain_per_vendor_why_none_can_serve_a_job() {
    LipSyncJob job = LipSyncJob.builder().video(VIDEO).audio(AudioSource.vendorAudio("x")).preferVendors("a", "zed").build();

    Throwable failure = failureOf(gateway(vendor("a"), vendor("b")).build().run(job).result());

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessage(
        "no configured vendor can serve this job; zed: not configured; a: takes no audio by vendor audio id;"
            + " b: not among the job's vendors");
  }

  @Test
  void should_fail_over_on_an_outage_and_count_it() {
    ScriptedProvider alwaysDown = new ScriptedProvider("a", capabilities(false, false), Pricing.unknown())
        .on("identify", new UnavailableException("a", "HTTP 503"));

    LipSyncResult result = finish(gateway(alwaysDown, vendor("b")).build().run(job()).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(registry.find("lipsync.failovers").tags("from", "a", "to", "b", "reason", "unavailable")
        .counter().count()).isEqualTo(1);
    assertThat(registry.find("lipsync.polls").tags("vendor", "b").counter().count()).isEqualTo(1);
    assertThat(alwaysDown.calls("identify")).isEqualTo(dev.lipsync.core.gateway.ResilienceSettings.defaults().maxAttempts());
  }

  // ---- faces at a vendor told them by picture --------------------------------------------------

  private static final URI BEN_PICTURE = URI.create("https://cdn.example.com/faces/a-ben.png");

  /** alad's way: one face per task, told by a picture of it, never by id. */
  private static ScriptedProvider byPicture(String id, Face... faces) {
    Capabilities capabilities = Capabilities.builder()
        .mode(Capabilities.Mode.builder("pictured").videos(VideoKind.URL).audio(AudioKind.URL)
            .faceChoosing(Capabilities.FaceChoosing.BY_PICTURE).build())
        .build();
    return new ScriptedProvider(id, capabilities, Pricing.unknown())
        .on("identify", new FaceSession(id, "session-" + id, VIDEO, List.of(faces)))
        .on("submit", new TaskRef(id, "task-" + id))
        .on("status", succeeded(new TaskRef(id, "task-" + id)));
  }

  /** CometAPI's way: faces told by id; its identify answer and submit answer are up to the test. */
  private static ScriptedProvider byId(String id) {
    Capabilities capabilities = Capabilities.builder()
        .mode(Capabilities.Mode.builder("advanced").videos(VideoKind.URL).audio(AudioKind.URL)
            .faceChoosing(Capabilities.FaceChoosing.BY_ID).build())
        .build();
    return new ScriptedProvider(id, capabilities, Pricing.unknown());
  }

  private static LipSyncJob jobFor(FaceSelector face) {
    return jobFor(face, FaceMatch.PICTURE);
  }

  private static LipSyncJob jobFor(FaceSelector face, FaceMatch match) {
    return LipSyncJob.builder().video(VIDEO)
        .dub(Dub.builder().face(face).audio(AudioSource.url("https://example.com/a.mp3")).build())
        .faceMatch(match)
        .build();
  }

  @Test
  void should_let_a_vendor_told_faces_by_picture_choose_when_the_job_names_none() {
    ScriptedProvider alad = byPicture("alad", Face.of("alad-0"), Face.of("alad-1"));

    LipSyncResult result = finish(gateway(alad).build().run(job()).result());

    assertThat(result.vendor()).isEqualTo("alad");
    assertThat(result.faceRules()).containsExactly("alad chooses the face: it takes no face id");
    assertThat(alad.submitted()).singleElement().satisfies(request -> {
      assertThat(request.selectors()).containsExactly(FaceSelector.unnamed());
      assertThat(request.dubs().get(0).face().imageUrl()).as("no picture: the vendor chooses").isNull();
    });
  }

  @Test
  void should_move_past_a_vendor_told_faces_by_picture_when_none_is_known_of_the_named_face() {
    ScriptedProvider alad = byPicture("alad", Face.of("alad-0"), Face.of("alad-1"));
    ScriptedProvider b = byId("b")
        .on("identify", new FaceSession("b", "session-b", VIDEO, List.of(Face.of("b-0"), Face.of("b-1"))))
        .on("submit", new TaskRef("b", "task-b"))
        .on("status", succeeded(new TaskRef("b", "task-b")));

    // Approximations allowed, so that alad is refused for what it is told, not for how sure the face is.
    LipSyncResult result = finish(gateway(alad, b).build()
        .run(jobFor(FaceSelector.nthByAppearance(2), FaceMatch.ANY)).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(alad.calls("submit")).as("refused before the paid call").isZero();
    assertThat(result.attempts().get(0).vendor()).isEqualTo("alad");
    assertThat(result.attempts().get(0).reason()).isEqualTo(FailureKind.NOT_SUPPORTED);
    assertThat(result.attempts().get(0).error()).isEqualTo("[alad] cannot serve this request: takes no face id,"
        + " and no picture is known of the face dub[0] names (NthByAppearance[n=2]); the vendor found 2 faces"
        + " in the video");
  }

  @Test
  void should_send_the_picture_another_vendors_session_showed_of_the_named_face() {
    // a lists ben first, but ana appears first: face 2 by appearance is ben.
    ScriptedProvider a = byId("a")
        .on("identify", new FaceSession("a", "session-a", VIDEO, List.of(
            Face.builder("a-ben").times(2_000, 9_000).imageUrl(BEN_PICTURE).build(),
            Face.builder("a-ana").times(0, 4_000).imageUrl(URI.create("https://cdn.example.com/faces/a-ana.png"))
                .build())))
        .on("submit", new OutOfCreditException("a", "HTTP 402"));
    ScriptedProvider alad = byPicture("alad", Face.of("alad-0"), Face.of("alad-1"));

    LipSyncResult result = finish(gateway(a, alad).build().run(jobFor(FaceSelector.nthByAppearance(2))).result());

    assertThat(result.vendor()).isEqualTo("alad");
    assertThat(alad.submitted()).singleElement()
        .satisfies(request -> assertThat(request.dubs().get(0).face().imageUrl()).isEqualTo(BEN_PICTURE));
    assertThat(result.faceRules())
        .containsExactly("face 2 by order of appearance, by its picture from a's session");
  }

  @Test
  void should_send_the_picture_of_face_1_for_a_dub_naming_none_once_a_session_showed_it() {
    // The unnamed default is face 1 wherever the vendor can be told the face; a picture tells alad.
    URI anaPicture = URI.create("https://cdn.example.com/faces/a-ana.png");
    ScriptedProvider a = byId("a")
        .on("identify", new FaceSession("a", "session-a", VIDEO, List.of(
            Face.builder("a-ben").times(2_000, 9_000).imageUrl(BEN_PICTURE).build(),
            Face.builder("a-ana").times(0, 4_000).imageUrl(anaPicture).build())))
        .on("submit", new OutOfCreditException("a", "HTTP 402"));
    ScriptedProvider alad = byPicture("alad", Face.of("alad-0"), Face.of("alad-1"));

    LipSyncResult result = finish(gateway(a, alad).build().run(job()).result());

    assertThat(alad.submitted().get(0).dubs().get(0).face().imageUrl()).isEqualTo(anaPicture);
    assertThat(result.faceRules())
        .containsExactly("face 1 by order of appearance, by its picture from a's session");
  }

  @Test
  void should_never_send_another_vendors_picture_to_a_vendor_told_faces_by_id() {
    ScriptedProvider a = byId("a")
        .on("identify", new FaceSession("a", "session-a", VIDEO, List.of(
            Face.builder("a-ana").times(0, 4_000).build(),
            Face.builder("a-ben").times(2_000, 9_000).imageUrl(BEN_PICTURE).build())))
        .on("submit", new OutOfCreditException("a", "HTTP 402"));
    ScriptedProvider b = byId("b")
        .on("identify", new FaceSession("b", "session-b", VIDEO, List.of(Face.of("b-0"), Face.of("b-1"))))
        .on("submit", new TaskRef("b", "task-b"))
        .on("status", succeeded(new TaskRef("b", "task-b")));

    LipSyncResult result = finish(gateway(a, b).build()
        .run(jobFor(FaceSelector.nthByAppearance(2), FaceMatch.ANY)).result());

    assertThat(result.vendor()).isEqualTo("b");
    assertThat(b.submitted().get(0).dubs().get(0).face()).isEqualTo(Face.of("b-1"));
    assertThat(result.faceRules()).containsExactly("face 2 in the vendor's list (the vendor gave no times)");
  }

  @Test
  void should_tell_of_each_failed_status_poll_and_poll_again_one_call_per_poll() {
    UnavailableException outage = new UnavailableException("a", "HTTP 503");
    int attempts = dev.lipsync.core.gateway.ResilienceSettings.defaults().maxAttempts();
    ScriptedProvider a = bare("a", false, false, "0.01");
    for (int i = 0; i < attempts; i++) {
      a.on("status", outage);
    }
    a.on("status", succeeded(new TaskRef("a", "task-a")));
    List<JobEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    LipSyncResult result = finish(gateway(a).build().run(job(), events::add).result());

    assertThat(result.vendor()).isEqualTo("a");
    // A failed poll is polled again on the schedule, not retried at once: one poll, one call.
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.RETRYING).hasSize(attempts)
        .allSatisfy(e -> assertThat(e.message()).contains("HTTP 503").contains("polling again"));
    assertThat(a.calls("status")).isEqualTo(attempts + 1);
  }

  // ---- one failure table for both flows -----------------------------------------------------------

  /** A vendor whose identifications are up to the test; nothing else is scripted. */
  private static ScriptedProvider identifyingOnly(String id) {
    return new ScriptedProvider(id, capabilities(false, false), Pricing.unknown());
  }

  @Test
  void should_stop_on_refused_content_at_identification_in_both_flows() {
    ContentRejectedException refused = new ContentRejectedException("a", "no face found");
    ScriptedProvider a = identifyingOnly("a").on("identify", refused);
    ScriptedProvider b = vendor("b");
    LipSyncGateway gateway = gateway(a, b).build();

    Throwable run = failureOf(gateway.run(job()).result());
    Throwable twoStep = failureOf(gateway.identify(VIDEO));

    assertThat(run).isSameAs(refused);
    assertThat(twoStep).isSameAs(refused);
    assertThat(b.calls("identify")).isZero();
  }

  @Test
  void should_fail_over_on_a_failed_identification_task_in_both_flows() {
    TaskFailedException failed = new TaskFailedException(
        TaskSnapshot.builder(new TaskRef("a", "identify-1"), TaskState.FAILED).rawStatus("failed").build());
    ScriptedProvider a = identifyingOnly("a").on("identify", failed, failed);
    ScriptedProvider b = vendor("b");
    LipSyncGateway gateway = gateway(a, b).build();

    LipSyncResult run = finish(gateway.run(job()).result());
    FaceSession twoStep = finish(gateway.identify(VIDEO));

    assertThat(run.vendor()).isEqualTo("b");
    assertThat(twoStep.vendor()).isEqualTo("b");
  }

  @Test
  void should_fail_over_at_once_when_an_identification_outlasts_its_time_in_both_flows() {
    ScriptedProvider a = identifyingOnly("a")
        .on("identify", new CompletableFuture<FaceSession>(), new CompletableFuture<FaceSession>());
    ScriptedProvider b = vendor("b");
    LipSyncGateway gateway = gateway(a, b)
        .resilience("a", ResilienceSettings.builder().callTimeout(Duration.ofSeconds(60)).build())
        .build();

    LipSyncResult run = finish(gateway.run(job()).result());
    FaceSession twoStep = finish(gateway.identify(VIDEO));

    // Timed out once per flow, and not tried again: the vendor's own identify deadline means the same.
    assertThat(a.calls("identify")).isEqualTo(2);
    assertThat(run.vendor()).isEqualTo("b");
    assertThat(twoStep.vendor()).isEqualTo("b");
  }

  // ---- the deadline holds at every step ----------------------------------------------------------

  private static final TaskSnapshot RUNNING_C =
      TaskSnapshot.builder(new TaskRef("c", "task-c"), TaskState.RUNNING).rawStatus("processing").build();

  private static final TaskSnapshot RUNNING_A =
      TaskSnapshot.builder(new TaskRef("a", "task-a"), TaskState.RUNNING).rawStatus("processing").build();

  private static LipSyncJob jobWithin(Duration timeout) {
    return LipSyncJob.builder().video(VIDEO).audio(AudioSource.url("https://example.com/a.mp3"))
        .timeout(timeout).build();
  }

  @Test
  void should_end_at_the_deadline_an_identification_that_never_answers_without_failing_over() {
    ScriptedProvider a = identifyingOnly("a").on("identify", new CompletableFuture<FaceSession>());
    ScriptedProvider b = vendor("b");
    JobHandle handle = gateway(a, b).build().run(jobWithin(Duration.ofSeconds(10)));

    time.advance(Duration.ofSeconds(10));

    assertThat(handle.result()).isDone();
    assertThat(failureOf(handle.result())).isInstanceOf(DeadlineExceededException.class);
    assertThat(b.calls("identify")).isZero();
  }

  @Test
  void should_end_a_submit_under_way_at_the_deadline_as_an_unknown_outcome_with_the_key() {
    ScriptedProvider a = identifyingOnly("a")
        .on("identify", new FaceSession("a", "session-a", VIDEO, List.of(Face.of("a-face"))))
        .on("submit", new CompletableFuture<TaskRef>());
    ScriptedProvider b = vendor("b");
    LipSyncJob job = jobWithin(Duration.ofSeconds(10));
    JobHandle handle = gateway(a, b)
        .resilience("a", ResilienceSettings.builder().callTimeout(Duration.ofMinutes(1)).build())
        .build().run(job);

    time.advance(Duration.ofSeconds(10));

    assertThat(handle.result()).isDone();
    assertThat(failureOf(handle.result())).isInstanceOfSatisfying(SubmitOutcomeUnknownException.class, e -> {
      assertThat(e.vendor()).isEqualTo("a");
      assertThat(e.idempotencyKey()).isEqualTo(job.idempotencyKey());
    });
    assertThat(b.calls("identify")).as("a paid submit may exist: nothing goes elsewhere").isZero();
  }


  @Test
  void should_end_a_task_polled_every_few_centuries_at_the_deadline_naming_it() {
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", RUNNING_A);
    Duration centuries = Duration.ofHours(3_000_000);
    JobHandle handle = gateway(a).pollSchedule(new PollSchedule(centuries, 1, centuries, 0)).build()
        .run(jobWithin(Duration.ofSeconds(10)));

    time.advance(Duration.ofSeconds(10));

    assertThat(handle.result()).isDone();
    assertThat(failureOf(handle.result())).isInstanceOfSatisfying(DeadlineExceededException.class,
        e -> assertThat(e.taskRef()).contains(new TaskRef("a", "task-a")));
  }

  // ---- closing with jobs in flight ----------------------------------------------------------------

  @Test
  void should_end_every_job_in_flight_at_close_with_what_resumes_it() {
    ScriptedProvider identifying = identifyingOnly("a").on("identify", new CompletableFuture<FaceSession>());
    ScriptedProvider submitting = identifyingOnly("b")
        .on("identify", new FaceSession("b", "session-b", VIDEO, List.of(Face.of("b-face"))))
        .on("submit", new CompletableFuture<TaskRef>());
    ScriptedProvider tracking = bare("c", false, false, "0.01").on("status", RUNNING_C);
    // No scheduler given: the gateway owns one, on real threads, and closes it too.
    LipSyncGateway gateway = LipSyncGateway.builder().provider(identifying).provider(submitting).provider(tracking)
        .pollSchedule(new PollSchedule(Duration.ofHours(1), 1, Duration.ofHours(1), 0)).build();
    List<JobHandle> handles = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String vendor = List.of("a", "b", "c").get(i % 3);
      handles.add(gateway.run(LipSyncJob.builder().video(VIDEO).audio(AudioSource.url("https://example.com/a.mp3"))
          .preferVendors(vendor).build()));
    }
    assertThat(handles).allSatisfy(h -> assertThat(h.result()).isNotDone());

    gateway.close();

    assertThat(handles).allSatisfy(h -> assertThat(h.result()).isDone());
    for (int i = 0; i < handles.size(); i++) {
      JobHandle handle = handles.get(i);
      Throwable failure = catchThrowable(() -> handle.result().join());
      assertThat(LipSyncException.causeOf(failure)).isInstanceOfSatisfying(GatewayClosedException.class, e -> {
        assertThat(e.idempotencyKey()).isEqualTo(handle.idempotencyKey());
        assertThat(e.submitUnderWay()).isEqualTo(e.vendor().equals("b"));
        assertThat(e.taskRef()).isEqualTo(
            e.vendor().equals("c") ? Optional.of(new TaskRef("c", "task-c")) : Optional.empty());
      });
    }
    int calls = identifying.calls("identify") + submitting.calls("identify") + tracking.calls("identify");
    JobHandle late = gateway.run(job());
    assertThat(late.result()).isDone();
    assertThat(LipSyncException.causeOf(catchThrowable(() -> late.result().join())))
        .isInstanceOf(GatewayClosedException.class).hasMessageContaining("nothing was sent")
        .hasMessageNotContaining("null");
    assertThat(identifying.calls("identify") + submitting.calls("identify") + tracking.calls("identify"))
        .as("nothing sent after close").isEqualTo(calls);
    assertThat(gateway.identify(VIDEO)).isCompletedExceptionally();
  }

  // ---- the order of events -----------------------------------------------------------------------

  /**
   * The manual clock, except that the first status poll runs the moment it is scheduled, inline: the
   * fastest a poll on another thread could answer.
   */
  private TaskScheduler firstPollAtOnce() {
    return new TaskScheduler() {
      private boolean first = true;

      @Override
      public Instant now() {
        return time.now();
      }

      @Override
      public synchronized Cancellable schedule(Duration delay, Runnable action) {
        // The job's deadline watchdog is scheduled first, for half an hour on: not a poll.
        if (first && delay.compareTo(Duration.ofMinutes(1)) < 0) {
          first = false;
          action.run();
          return () -> {};
        }
        return time.schedule(delay, action);
      }
    };
  }

  @Test
  void should_tell_of_the_task_before_a_first_poll_that_answers_at_once() {
    TaskRef ref = new TaskRef("a", "task-a");
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", TaskSnapshot.builder(ref, TaskState.RUNNING).rawStatus("processing").build())
        .on("status", succeeded(ref));
    List<JobEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    LipSyncResult result = finish(gateway(a).scheduler(firstPollAtOnce()).build().run(job(), events::add).result());

    assertThat(result.taskRef()).isEqualTo(ref);
    assertThat(events).extracting(JobEvent::type).containsExactly(
        JobEvent.Type.IDENTIFYING, JobEvent.Type.IDENTIFIED, JobEvent.Type.SUBMITTED, JobEvent.Type.RUNNING,
        JobEvent.Type.SUCCEEDED);
  }

  @Test
  void should_tell_of_a_first_poll_that_fails_at_once() {
    UnavailableException outage = new UnavailableException("a", "HTTP 503");
    int attempts = dev.lipsync.core.gateway.ResilienceSettings.defaults().maxAttempts();
    ScriptedProvider a = bare("a", false, false, "0.01");
    for (int i = 0; i < attempts; i++) {
      a.on("status", outage);
    }
    a.on("status", succeeded(new TaskRef("a", "task-a")));
    List<JobEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    finish(gateway(a).scheduler(firstPollAtOnce()).build().run(job(), events::add).result());

    assertThat(events).extracting(JobEvent::type).containsSubsequence(
        JobEvent.Type.SUBMITTED, JobEvent.Type.RETRYING, JobEvent.Type.SUCCEEDED);
  }

  @Test
  void should_tell_a_callback_of_a_task_the_moment_it_is_announced() {
    TaskRef ref = new TaskRef("a", "task-a");
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", succeeded(ref))
        .on("callback", succeeded(ref));
    List<JobEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    LipSyncGateway gateway = gateway(a).build();
    JobHandle handle = gateway.run(job(), event -> {
      events.add(event);
      if (event.type() == JobEvent.Type.SUBMITTED) {
        // A callback that arrives while listeners hear of the task finds it tracked.
        assertThat(gateway.onCallback("a", "{}")).isEqualTo(CallbackOutcome.ACCEPTED);
      }
    });

    assertThat(handle.result()).isDone();
    assertThat(handle.result().join().taskRef()).isEqualTo(ref);
    assertThat(a.calls("status")).as("the one call that confirmed the callback; no poll").isEqualTo(1);
    assertThat(events).extracting(JobEvent::type).endsWith(JobEvent.Type.SUBMITTED, JobEvent.Type.SUCCEEDED);
  }

  @Test
  void should_not_believe_a_forged_success_the_vendor_contradicts_and_finish_with_the_vendors_video() {
    TaskRef ref = new TaskRef("a", "task-a");
    TaskSnapshot running = TaskSnapshot.builder(ref, TaskState.RUNNING).rawStatus("processing").build();
    TaskSnapshot forged = TaskSnapshot.builder(ref, TaskState.SUCCEEDED).rawStatus("succeed")
        .videos(List.of(new ResultVideo(URI.create("https://reseller-b.example/not-your-video.mp4"), null, null)))
        .build();
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", running, running, succeeded(ref))
        .on("callback", forged);
    LipSyncGateway gateway = gateway(a).build();
    JobHandle handle = gateway.run(job());

    assertThat(gateway.onCallback("a", "{}")).isEqualTo(CallbackOutcome.ACCEPTED);

    assertThat(a.calls("status")).as("one status call weighed the callback").isEqualTo(1);
    assertThat(handle.state()).isEqualTo(JobState.RUNNING);
    assertThat(handle.result()).isNotDone();
    assertThat(callbacks("a", "contradicted")).isEqualTo(1);
    time.advance(Duration.ofSeconds(10));
    LipSyncResult result = handle.result().join();
    assertThat(result.videos()).extracting(video -> video.url().toString())
        .containsExactly("https://cdn.example.com/task-a.mp4");
  }

  @Test
  void should_end_a_confirmed_task_with_what_the_vendor_said_not_what_the_callback_said() {
    TaskRef ref = new TaskRef("a", "task-a");
    TaskSnapshot claimed = TaskSnapshot.builder(ref, TaskState.SUCCEEDED).rawStatus("succeed")
        .videos(List.of(new ResultVideo(URI.create("https://elsewhere.example/video.mp4"), null, null)))
        .build();
    ScriptedProvider a = bare("a", false, false, "0.01").on("status", succeeded(ref)).on("callback", claimed);
    LipSyncGateway gateway = gateway(a).build();
    JobHandle handle = gateway.run(job());

    gateway.onCallback("a", "{}");

    assertThat(handle.result().join().videos()).extracting(video -> video.url().toString())
        .containsExactly("https://cdn.example.com/task-a.mp4");
    assertThat(callbacks("a", "confirmed")).isEqualTo(1);
  }

  @Test
  void should_keep_polling_when_the_call_confirming_a_callback_fails_and_share_one_call_among_repeats() {
    TaskRef ref = new TaskRef("a", "task-a");
    CompletableFuture<TaskSnapshot> confirmation = new CompletableFuture<>();
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("status", confirmation, succeeded(ref))
        .on("callback", succeeded(ref));
    LipSyncGateway gateway = gateway(a).build();
    JobHandle handle = gateway.run(job());

    gateway.onCallback("a", "{}");
    gateway.onCallback("a", "{}");
    confirmation.completeExceptionally(new UnavailableException("a", "down"));

    assertThat(a.calls("status")).as("the repeat waited for the same call").isEqualTo(1);
    assertThat(handle.result()).isNotDone();
    assertThat(callbacks("a", "unconfirmed")).isEqualTo(2);
    time.advance(Duration.ofSeconds(5));
    assertThat(handle.result().join().taskRef()).isEqualTo(ref);
  }

  @Test
  void should_count_callbacks_for_tasks_not_tracked_and_unreadable_ones() {
    ScriptedProvider a = bare("a", false, false, "0.01")
        .on("callback", succeeded(new TaskRef("a", "elsewhere")), new ProtocolException("a", "not a callback"));
    LipSyncGateway gateway = gateway(a).build();

    assertThat(gateway.onCallback("a", "{}")).isEqualTo(CallbackOutcome.UNKNOWN_TASK);
    assertThat(gateway.onCallback("a", "{}")).isEqualTo(CallbackOutcome.MALFORMED);
    assertThat(gateway.onCallback("made-up", "{}")).isEqualTo(CallbackOutcome.UNKNOWN_VENDOR);

    assertThat(callbacks("a", "unknown-task")).isEqualTo(1);
    assertThat(callbacks("a", "malformed")).isEqualTo(1);
    assertThat(callbacks("unknown", "unknown-vendor")).isEqualTo(1);
    assertThat(a.calls("status")).isZero();
  }

  private double callbacks(String vendor, String verdict) {
    var counter = registry.find("lipsync.callbacks").tags("vendor", vendor, "verdict", verdict).counter();
    return counter == null ? 0 : counter.count();
  }

  // ---- the job store -----------------------------------------------------------------------------

  @Test
  void should_record_the_intent_before_the_paid_submit_and_the_task_as_soon_as_it_is_known() {
    InMemoryJobStore store = new InMemoryJobStore();
    CompletableFuture<TaskRef> submit = new CompletableFuture<>();
    TaskRef ref = new TaskRef("a", "task-a");
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.of("0.001", "0.01"))
        .on("identify", new FaceSession("a", "session-a", VIDEO, List.of(Face.of("a-face"))))
        .on("submit", submit)
        .on("status", TaskSnapshot.builder(ref, TaskState.RUNNING).rawStatus("processing").build(), succeeded(ref));
    LipSyncJob job = job();
    JobHandle handle = gateway(a).jobStore(store).build().run(job);

    assertThat(a.calls("submit")).isEqualTo(1);
    assertThat(store.find(job.idempotencyKey())).get().satisfies(intent -> {
      assertThat(intent.state()).as("on record while the paid call is out").isEqualTo(JobState.SUBMITTING);
      assertThat(intent.vendor()).isEqualTo("a");
      assertThat(intent.taskRef()).isNull();
      assertThat(intent.job()).isEqualTo(job);
    });
    submit.complete(ref);
    assertThat(store.find(job.idempotencyKey())).get().satisfies(running -> {
      assertThat(running.state()).isEqualTo(JobState.RUNNING);
      assertThat(running.taskRef()).isEqualTo(ref);
    });
    LipSyncResult result = finish(handle.result());
    assertThat(store.find(job.idempotencyKey())).get().satisfies(done -> {
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.result()).as("the video is on record, for whoever finishes the job").isEqualTo(result);
      assertThat(done.taskRef()).isEqualTo(ref);
      assertThat(done.attempts()).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.SUCCEEDED);
      assertThat(done.version()).as("started, identifying, submitting, running, succeeded").isEqualTo(5);
    });
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void should_hold_the_lease_of_each_job_it_starts() {
    InMemoryJobStore store = new InMemoryJobStore();
    CompletableFuture<TaskRef> submit = new CompletableFuture<>();
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.of("0.001", "0.01"))
        .on("identify", new FaceSession("a", "session-a", VIDEO, List.of(Face.of("a-face"))))
        .on("submit", submit);
    Instant start = time.now();
    LipSyncJob job = job();

    gateway(a).jobStore(store).instanceId("instance-1").leaseDuration(Duration.ofSeconds(20)).build().run(job);

    assertThat(store.claim(new Lease("instance-2", start.plusSeconds(60)), start.plusMillis(19_999), 10))
        .as("leased for 20 s to the gateway that started it").isEmpty();
    assertThat(store.renew("instance-1", start.plusSeconds(40))).containsExactly(job.idempotencyKey());
    assertThatIllegalArgumentException().isThrownBy(() -> LipSyncGateway.builder().leaseDuration(Duration.ofMillis(999)))
        .withMessage("leaseDuration: PT0.999S must be at least 1 second");
    assertThatIllegalArgumentException().isThrownBy(() -> LipSyncGateway.builder().instanceId(" "))
        .withMessage("instanceId: \" \" must be 1 to 128 characters, not blank");
  }

  @Test
  void should_record_a_failover_and_a_failure_with_every_attempt() {
    InMemoryJobStore store = new InMemoryJobStore();
    ScriptedProvider a = new ScriptedProvider("a", capabilities(false, false), Pricing.of("0.001", "0.01"))
        .on("identify", new FaceSession("a", "session-a", VIDEO, List.of(Face.of("a-face"))))
        .on("submit", new OutOfCreditException("a", "empty"));
    ScriptedProvider b = bare("b", false, false, "0.01").on("status",
        TaskSnapshot.builder(new TaskRef("b", "task-b"), TaskState.FAILED).failure(new TaskFailure("1", "no lips"))
            .build());
    LipSyncJob job = job();

    Throwable failure = failureOf(gateway(a, b).jobStore(store).build().run(job).result());

    JobRecord failed = store.find(job.idempotencyKey()).orElseThrow();
    assertThat(failure).isInstanceOf(TaskFailedException.class);
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.vendor()).isEqualTo("b");
    assertThat(failed.taskRef()).isEqualTo(new TaskRef("b", "task-b"));
    assertThat(failed.failure()).isEqualTo(FailureKind.TASK_FAILED);
    assertThat(failed.failureMessage()).contains("no lips");
    assertThat(failed.attempts()).extracting(Attempt::vendor, Attempt::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", Attempt.Outcome.FAILED),
        org.assertj.core.groups.Tuple.tuple("b", Attempt.Outcome.FAILED));
  }

  @Test
  void should_not_run_a_job_whose_key_the_store_holds_and_send_nothing() {
    InMemoryJobStore store = new InMemoryJobStore();
    ScriptedProvider a = vendor("a");
    LipSyncGateway gateway = gateway(a).jobStore(store).build();
    LipSyncJob job = job();
    finish(gateway.run(job).result());

    Throwable again = failureOf(gateway.run(job).result());

    assertThat(again).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("idempotencyKey: \"" + job.idempotencyKey() + "\" is the key of a job")
        .hasMessageContaining("SUCCEEDED");
    assertThat(((InvalidRequestException) again).taskRef()).contains(new TaskRef("a", "task-a"));
    assertThat(a.calls("identify")).isEqualTo(1);
    assertThat(a.calls("submit")).as("one key, one paid task").isEqualTo(1);
    assertThat(store.find(job.idempotencyKey()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
  }

  /** The in-memory store, but a write of a job into {@code failing} fails as a database that went away. */
  private static final class FailingStore implements JobStore {
    private final InMemoryJobStore held = new InMemoryJobStore();
    private final JobState failing;

    FailingStore(JobState failing) {
      this.failing = failing;
    }

    @Override
    public boolean insert(JobRecord record, Lease lease) {
      if (failing == JobState.IDENTIFYING) {
        throw new InvalidRequestException(List.of(new Violation("dub[0].face", "by code", "cannot be kept")));
      }
      return held.insert(record, lease);
    }

    @Override
    public Optional<JobRecord> find(String idempotencyKey) {
      return held.find(idempotencyKey);
    }

    @Override
    public boolean replace(JobRecord current, JobRecord next) {
      if (next.state() == failing) {
        throw new JobStoreException("Could not write job " + next.idempotencyKey() + ": the database went away");
      }
      return held.replace(current, next);
    }

    @Override
    public Optional<JobRecord> findByTask(TaskRef ref) {
      return held.findByTask(ref);
    }

    @Override
    public List<JobRecord> unfinished() {
      return held.unfinished();
    }

    @Override
    public List<JobRecord> recent(int limit) {
      return held.recent(limit);
    }

    @Override
    public Set<String> renew(String owner, Instant until) {
      return held.renew(owner, until);
    }

    @Override
    public List<JobRecord> claim(Lease lease, Instant now, int limit) {
      return held.claim(lease, now, limit);
    }

    @Override
    public Optional<JobRecord> claim(String idempotencyKey, Lease lease, Instant now) {
      return held.claim(idempotencyKey, lease, now);
    }

    @Override
    public void release(String idempotencyKey, String owner) {
      held.release(idempotencyKey, owner);
    }
  }

  @Test
  void should_send_no_paid_submit_for_a_job_whose_intent_the_store_could_not_record() {
    ScriptedProvider a = vendor("a");
    FailingStore store = new FailingStore(JobState.SUBMITTING);
    LipSyncJob job = job();

    Throwable failure = failureOf(gateway(a).jobStore(store).build().run(job).result());

    assertThat(failure).isInstanceOf(JobStoreException.class).hasMessageContaining("the database went away");
    assertThat(a.calls("identify")).isEqualTo(1);
    assertThat(a.calls("submit")).as("a job not on record is not paid for").isZero();
    assertThat(store.find(job.idempotencyKey()).orElseThrow().state()).isEqualTo(JobState.IDENTIFYING);
  }

  @Test
  void should_refuse_a_job_that_the_store_cannot_keep_and_send_nothing() {
    ScriptedProvider a = vendor("a");
    LipSyncJob job = job();

    Throwable failure = failureOf(gateway(a).jobStore(new FailingStore(JobState.IDENTIFYING)).build().run(job)
        .result());

    assertThat(failure).isInstanceOf(InvalidRequestException.class).hasMessageContaining("dub[0].face");
    assertThat(a.calls("identify") + a.calls("submit")).isZero();
  }

  @Test
  void should_finish_a_paid_job_whose_task_the_store_could_not_record() {
    ScriptedProvider a = vendor("a");
    FailingStore store = new FailingStore(JobState.RUNNING);
    LipSyncJob job = job();

    LipSyncResult result = finish(gateway(a).jobStore(store).build().run(job).result());

    assertThat(result.taskRef()).as("the paid task is in the result").isEqualTo(new TaskRef("a", "task-a"));
    assertThat(a.calls("submit")).isEqualTo(1);
    assertThat(store.find(job.idempotencyKey()).orElseThrow().state())
        .as("the ending is written over the last version on record").isEqualTo(JobState.SUCCEEDED);
  }

  // ---- the handle --------------------------------------------------------------------------------

  @Test
  void should_stop_tracking_and_ask_the_vendor_to_cancel() {
    TaskRef ref = new TaskRef("a", "task-a");
    ScriptedProvider a = bare("a", false, true, "0.01")
        .on("status", TaskSnapshot.builder(ref, TaskState.RUNNING).rawStatus("processing").build())
        .on("cancel", CompletableFuture.<Void>completedFuture(null));
    JobHandle handle = gateway(a).build().run(job());
    time.advance(Duration.ofSeconds(5));
    assertThat(handle.state()).isEqualTo(JobState.RUNNING);
    assertThat(handle.taskRef()).contains(ref);

    handle.cancel();
    int polls = a.calls("status");
    time.advance(Duration.ofMinutes(5));

    assertThat(handle.state()).isEqualTo(JobState.CANCELLED);
    assertThat(catchThrowable(() -> handle.result().join())).isInstanceOf(CancellationException.class);
    assertThat(a.calls("cancel")).isEqualTo(1);
    assertThat(a.calls("status")).isEqualTo(polls);
  }

  // ---- a single look ---------------------------------------------------------------------------

  @Test
  void should_look_up_a_task_once_at_its_vendor_through_the_decorators() {
    TaskRef ref = new TaskRef("b", "task-b");
    ScriptedProvider a = vendor("a");
    ScriptedProvider b = bare("b", false, false, "0.01")
        .on("status", new UnavailableException("b", "HTTP 503"), succeeded(ref));
    LipSyncGateway gateway = gateway(a, b).build();

    // One look is one call, as one poll is: the 503 is the answer, and asking again gets the next one.
    assertThat(failureOf(gateway.status(ref))).isInstanceOf(UnavailableException.class);
    TaskSnapshot snapshot = finish(gateway.status(ref));

    assertThat(snapshot.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(b.calls("status")).isEqualTo(2);
    assertThat(a.calls("status")).isZero();
    assertThat(registry.get("lipsync.requests").tag("vendor", "b").tag("operation", "status").timers())
        .isNotEmpty();
    assertThatThrownBy(() -> gateway.status(new TaskRef("c", "task-c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown vendor \"c\"");
  }
}
