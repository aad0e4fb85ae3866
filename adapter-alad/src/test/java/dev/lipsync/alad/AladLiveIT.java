package dev.lipsync.alad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.gateway.Poll;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.support.PollUntil;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * One real, paid lip-sync at alad: identify, submit, poll to the end. Runs only with {@code ALAD_KEY}
 * set, and needs {@code ALAD_IT_VIDEO_URL}: a public .mp4/.mov of 2–60 s showing exactly one person (alad
 * cannot choose among several). The face speaks {@code ALAD_IT_AUDIO_URL} if set, otherwise a line of
 * text in English with voice {@code ALAD_IT_VOICE_ID} (default {@code oversea_male1}).
 */
@EnabledIfEnvironmentVariable(named = "ALAD_KEY", matches = ".+")
class AladLiveIT {

  @Test
  void should_identify_dub_and_poll_a_real_task_to_its_video() throws Exception {
    String videoUrl = env("ALAD_IT_VIDEO_URL", "");
    Assumptions.assumeFalse(videoUrl.isBlank(),
        "set ALAD_IT_VIDEO_URL to a public 2–60 s video showing one person");
    AladProvider alad = AladProvider.fromEnvironment().orElseThrow();

    FaceSession session = alad.identifyFaces(VideoSource.url(videoUrl)).get(2, TimeUnit.MINUTES);
    assertThat(session.faces()).as("alad dubs only a video with one face").hasSize(1);

    String audioUrl = env("ALAD_IT_AUDIO_URL", "");
    AudioSource audio = audioUrl.isBlank()
        ? AudioSource.speech("Hello, welcome to my channel", env("ALAD_IT_VOICE_ID", "oversea_male1"), VoiceLanguage.EN)
        : AudioSource.url(audioUrl);
    TaskRef ref = alad.submit(new SubmitRequest(session,
        List.of(ResolvedDub.of(Dub.of(audio), session.faces().get(0))), null, "live-" + UUID.randomUUID()))
        .get(2, TimeUnit.MINUTES);

    try (SystemScheduler scheduler = new SystemScheduler()) {
      TaskSnapshot done = PollUntil.on(scheduler, PollSchedule.defaults(), scheduler.now().plus(Duration.ofMinutes(15)),
              ErrorContext.of(alad.id()).withTaskRef(ref))
          .poll(() -> alad.status(ref).thenApply(s -> s.state().isTerminal() ? Poll.<TaskSnapshot>done(s) : Poll.<TaskSnapshot>pending(s.rawStatus())))
          .get(16, TimeUnit.MINUTES);

      assertThat(done.state()).as(String.valueOf(done.failure())).isEqualTo(TaskState.SUCCEEDED);
      assertThat(done.videos()).isNotEmpty();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
