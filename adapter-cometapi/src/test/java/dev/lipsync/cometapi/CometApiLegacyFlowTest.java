package dev.lipsync.cometapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.support.PollUntil;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.LoopbackTests;
import dev.lipsync.testkit.SimFace;
import dev.lipsync.testkit.TaskScript;
import dev.lipsync.testkit.VendorSimulator;
import dev.lipsync.testkit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CometAPI's text mode, end to end against the simulator: a Kling video by id with its generating
 * task's id, a session of one face, text spoken by a Kling voice through the older lip-sync endpoint,
 * and the task tracked on its own status path. (The contract suite's speech test needs a video by URL
 * and two faces, which this endpoint cannot serve.)
 */
class CometApiLegacyFlowTest {
  private static final VideoSource.VendorVideo KLING_VIDEO =
      VideoSource.vendorVideo("1f936158-ea15-4775-84c9-78391705b734").withTaskId("CjilGmfJXYIAAAAAADleeQ");
  private static final AudioSource SPEECH =
      AudioSource.speech("Hello, welcome to my channel", "oversea_male1", VoiceLanguage.EN);

  private final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  /** The provider's client, whose calls under way hold the clock. */
  private final OkHttpClient http = new OkHttpClient();
  private CometApiSimulator simulator;
  private CometApiProvider provider;

  @BeforeEach
  void start() {
    simulator = new CometApiSimulator("sk-legacy-flow-1234", clock).start();
    simulator.faces(List.of(SimFace.defaults().get(0)));
    provider = CometApiProvider.builder().apiKey("sk-legacy-flow-1234").baseUrl(simulator.baseUrl()).client(http)
        .build();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void should_route_a_text_job_on_a_kling_video_to_the_lip_sync_endpoint() {
    LipSyncJob job = LipSyncJob.builder().video(KLING_VIDEO).audio(SPEECH).build();
    assertThat(provider.capabilities().whyNot(job)).isEmpty();
    assertThat(provider.capabilities().modesFor(job)).extracting(m -> m.name()).containsExactly("lip-sync");

    FaceSession session = await(provider.identifyFaces(KLING_VIDEO));
    TaskRef ref = await(provider.submit(request(session, SPEECH)));

    assertThat(simulator.requests(Endpoint.IDENTIFY).get(0).body())
        .isEqualTo("{\"video_id\":\"1f936158-ea15-4775-84c9-78391705b734\"}");
    VendorSimulator.Recorded submit = simulator.requests(Endpoint.SUBMIT).get(0);
    assertThat(submit.request().getUrl().encodedPath()).isEqualTo("/kling/v1/videos/lip-sync");
    assertThat(ref.taskId()).isEqualTo("lip-sync/" + simulator.lastTask().id());
  }

  @Test
  void should_track_a_task_of_the_lip_sync_endpoint_to_its_video_on_its_own_status_path() {
    simulator.script(TaskScript.succeeds().after(Duration.ofMinutes(3)));
    FaceSession session = await(provider.identifyFaces(KLING_VIDEO));
    TaskRef ref = await(provider.submit(request(session, SPEECH)));
    List<TaskState> seen = new CopyOnWriteArrayList<>();

    CompletableFuture<TaskSnapshot> result = PollUntil.on(clock, PollSchedule.defaults(),
            clock.now().plus(Duration.ofMinutes(15)), ErrorContext.of(provider.id()).withTaskRef(ref))
        .random(() -> 0.0)
        .poll(() -> provider.status(ref).thenApply(s -> {
          if (seen.isEmpty() || seen.get(seen.size() - 1) != s.state()) {
            seen.add(s.state());
          }
          return s.state().isTerminal() ? Poll.<TaskSnapshot>done(s) : Poll.<TaskSnapshot>pending(s.rawStatus());
        }));
    TaskSnapshot done = advanceUntilDone(result);

    assertThat(done.ref()).isEqualTo(ref);
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(done.videos()).isNotEmpty();
    assertThat(seen).containsExactly(TaskState.RUNNING, TaskState.SUCCEEDED);
    assertThat(simulator.requests(Endpoint.STATUS)).allSatisfy(r -> assertThat(r.request().getUrl().encodedPath())
        .isEqualTo("/kling/v1/videos/lip-sync/" + simulator.lastTask().id()));
    assertThat(clock.now()).isAfterOrEqualTo(Instant.parse("2026-01-01T00:03:00Z"));
  }

  @Test
  void should_report_the_failure_of_a_lip_sync_task() {
    simulator.script(TaskScript.fails("voice_id is not available for this account"));
    FaceSession session = await(provider.identifyFaces(KLING_VIDEO));
    TaskRef ref = await(provider.submit(request(session, SPEECH)));

    await(provider.status(ref));
    TaskSnapshot done = await(provider.status(ref));

    assertThat(done.state()).isEqualTo(TaskState.FAILED);
    assertThat(done.failure().message()).isEqualTo("voice_id is not available for this account");
  }

  @Test
  void should_send_an_audio_file_on_a_kling_video_to_the_advanced_endpoint() {
    FaceSession session = await(provider.identifyFaces(KLING_VIDEO));

    await(provider.submit(request(session, AudioSource.url("https://example.com/line.mp3"))));

    assertThat(simulator.requests(Endpoint.SUBMIT).get(0).request().getUrl().encodedPath())
        .isEqualTo("/kling/v1/videos/advanced-lip-sync");
  }

  @Test
  void should_refuse_text_for_a_kling_video_without_its_task_id_and_send_nothing() {
    VideoSource withoutTaskId = VideoSource.vendorVideo("1f936158-ea15-4775-84c9-78391705b734");
    FaceSession session = await(provider.identifyFaces(withoutTaskId));

    Throwable failure = failure(provider.submit(request(session, SPEECH)));

    assertThat(failure).isInstanceOf(NotSupportedException.class).hasMessageContaining("cometapi");
    assertThat(simulator.count(Endpoint.SUBMIT)).isZero();
  }

  private static SubmitRequest request(FaceSession session, AudioSource audio) {
    // An audio file's length as the gateway measures it; speech has none, and the legacy mode cuts no clip.
    Dub.Builder dub = Dub.builder().audio(audio);
    if (audio.kind() != AudioSource.AudioKind.SPEECH) {
      dub.audioLength(java.time.Duration.ofSeconds(5));
    }
    return new SubmitRequest(session, List.of(ResolvedDub.of(dub.build(), session.faces().get(0))), null,
        "legacy-" + System.nanoTime());
  }

  /**
   * The tracked task's last snapshot. The clock moves only while no poll is on its way: moving it five
   * seconds per 20 ms whatever happened let the tracking deadline pass while a slow loopback answer
   * was still coming, on a loaded machine.
   */
  private TaskSnapshot advanceUntilDone(CompletableFuture<TaskSnapshot> result) {
    return VirtualTime.await(result, clock, VirtualTime.callsInFlight(http));
  }

  private static <T> T await(CompletableFuture<T> future) {
    return LoopbackTests.await(future);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    return LoopbackTests.failure(future);
  }
}
