package dev.lipsync.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.RoutingStrategy;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.SimFace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Text jobs with all four vendors configured: only alad and Kling speak text on a video by URL, and only
 * Kling can be told which face speaks it (by id, its text spoken by its own text-to-speech first).
 */
class FourVendorsTextTest {
  private final ThreeVendors vendors = new ThreeVendors();

  @AfterEach
  void stop() {
    vendors.close();
  }

  private static LipSyncJob text(FaceSelector face) {
    return LipSyncJob.builder()
        .videoUrl("https://example.com/interview.mp4")
        .dub(Dub.builder().face(face).audio(AudioSource.speech("Hello there", "voice-1", VoiceLanguage.EN)).build())
        .build();
  }

  @Test
  void should_send_a_text_job_naming_a_face_to_kling_which_speaks_first_and_dubs_that_face() {
    LipSyncGateway gateway = vendors.gateway(vendors.cometapiProvider(), vendors.apimodelsProvider(),
        vendors.aladProvider(), vendors.klingProvider()).build();

    LipSyncResult result = vendors.await(gateway.run(text(FaceSelector.nthByAppearance(2))).result());

    assertThat(result.vendor()).isEqualTo("kling");
    assertThat(vendors.alad.requests(Endpoint.SUBMIT)).as("alad cannot be told face 2: skipped unpaid").isEmpty();
    assertThat(vendors.cometapi.requests()).as("no text on a video by URL there").isEmpty();
    assertThat(vendors.apimodels.requests()).isEmpty();
    assertThat(result.attempts()).extracting(Attempt::outcome)
        .containsSubsequence(Attempt.Outcome.SPOKEN, Attempt.Outcome.SUCCEEDED);
    String audioId = result.attempts().stream().filter(a -> a.outcome() == Attempt.Outcome.SPOKEN)
        .findFirst().orElseThrow().taskRef().taskId();
    assertThat(vendors.kling.requests(Endpoint.SUBMIT)).singleElement().satisfies(submit ->
        assertThat(submit.body()).contains("\"audio_id\":\"" + audioId + "\"").contains("kling-ben"));
  }

  @Test
  void should_wait_for_kling_s_speech_task_and_dub_the_face_with_its_audio_by_url() {
    vendors.kling.speechAsTask(Duration.ofSeconds(4));
    LipSyncGateway gateway = vendors.gateway(vendors.aladProvider(), vendors.klingProvider()).build();
    List<JobEvent> events = new CopyOnWriteArrayList<>();

    LipSyncResult result = vendors.await(gateway.run(text(FaceSelector.nthByAppearance(2)), events::add).result());

    assertThat(result.vendor()).isEqualTo("kling");
    String speechTask = vendors.kling.spokenAudioIds().get(0);
    assertThat(result.attempts()).filteredOn(a -> a.outcome() == Attempt.Outcome.SPOKEN).singleElement()
        .satisfies(spoken -> assertThat(spoken.taskRef()).isEqualTo(new TaskRef("kling", speechTask)));
    assertThat(vendors.kling.requests(Endpoint.SUBMIT)).singleElement().satisfies(submit ->
        assertThat(submit.body()).contains("\"sound_file\":\"" + vendors.kling.baseUrl() + "/media/")
            .doesNotContain("audio_id").contains("kling-ben"));
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.SPOKEN).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("audio at " + vendors.kling.baseUrl() + "/media/"));
    assertThat(vendors.kling.tasks()).hasSize(1);
  }

  @Test
  void should_send_a_text_job_on_a_one_person_video_to_alad_or_kling_as_the_strategy_orders() {
    vendors.alad.faces(List.of(SimFace.defaults().get(0)));
    vendors.kling.faces(List.of(SimFace.defaults().get(0)));

    LipSyncResult aladFirst = vendors.await(vendors.gateway(vendors.aladProvider(), vendors.klingProvider())
        .strategy(RoutingStrategy.PRIORITY).build().run(text(FaceSelector.unnamed())).result());
    LipSyncResult klingFirst = vendors.await(vendors.gateway(vendors.klingProvider(), vendors.aladProvider())
        .strategy(RoutingStrategy.PRIORITY).build().run(text(FaceSelector.unnamed())).result());

    assertThat(aladFirst.vendor()).isEqualTo("alad");
    assertThat(klingFirst.vendor()).isEqualTo("kling");
    assertThat(vendors.kling.tasks()).hasSize(1);
    assertThat(vendors.alad.tasks()).hasSize(1);
  }
}
