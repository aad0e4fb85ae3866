package dev.lipsync.alad;

import static dev.lipsync.alad.Fixtures.await;
import static dev.lipsync.alad.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.SimFace;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two status paths the sources name for alad: its guide's {@code advanced-lip-sync/{id}}, and the
 * platform's task reference, which lists only {@code lip-sync/{id}}. Here the simulator answers at the
 * reference's path only.
 */
class AladQueryPathTest {
  private static final String KEY = "sk-alad-query-5c1e";

  private final ManualScheduler clock = new ManualScheduler();
  private AladSimulator simulator;
  private AladProvider provider;

  @BeforeEach
  void start() {
    simulator = new AladSimulator(KEY, clock).queryAction("lip-sync").start();
    simulator.faces(List.of(SimFace.defaults().get(0)));
    provider = AladProvider.builder().apiKey(KEY).baseUrl(simulator.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private List<String> statusPaths() {
    return simulator.requests().stream()
        .filter(r -> r.request().getMethod().equals("GET"))
        .map(r -> r.request().getUrl().encodedPath())
        .toList();
  }

  @Test
  void should_look_once_at_the_other_path_after_a_404_and_ask_there_first_from_then_on() throws Exception {
    FaceSession session = await(provider.identifyFaces(VideoSource.url("https://example.com/v.mp4")));
    TaskRef ref = await(provider.submit(new SubmitRequest(session,
        List.of(ResolvedDub.of(Dub.of(AudioSource.url("https://example.com/a.mp3")), session.faces().get(0))),
        null, "job-1")));
    String id = ref.taskId();

    assertThat(await(provider.status(ref)).ref()).isEqualTo(ref);
    assertThat(await(provider.status(ref)).ref()).isEqualTo(ref);

    assertThat(statusPaths()).containsExactly(
        "/kling/v1/videos/advanced-lip-sync/" + id,
        "/kling/v1/videos/lip-sync/" + id,
        "/kling/v1/videos/lip-sync/" + id);
  }

  @Test
  void should_report_a_task_neither_path_knows_as_not_found_after_asking_both() throws Exception {
    Throwable failure = failure(provider.status(new TaskRef("alad", "no-such-task")));

    assertThat(failure).isInstanceOf(NotFoundException.class);
    assertThat(statusPaths()).containsExactly(
        "/kling/v1/videos/advanced-lip-sync/no-such-task", "/kling/v1/videos/lip-sync/no-such-task");
  }
}
