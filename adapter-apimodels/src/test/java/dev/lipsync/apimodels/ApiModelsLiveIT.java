package dev.lipsync.apimodels;

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
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.support.PollUntil;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * One real identification, lip-sync and poll at apimodels.app. It costs money (one identification and
 * a few seconds of lip-sync), so it runs only when {@code APIMODELS_KEY} is set. The media can be
 * chosen with {@code APIMODELS_IT_VIDEO_URL} (a 2–60 s mp4 showing a face) and {@code
 * APIMODELS_IT_AUDIO_URL} (2–60 s of speech); {@code APIMODELS_BASE_URL} overrides the endpoint.
 */
@EnabledIfEnvironmentVariable(named = "APIMODELS_KEY", matches = ".+")
class ApiModelsLiveIT {
  private static final String VIDEO = "https://raw.githubusercontent.com/OpenTalker/SadTalker/main/examples/ref_video/WDA_AlexandriaOcasioCortez_000.mp4";
  private static final String AUDIO = "https://raw.githubusercontent.com/OpenTalker/SadTalker/main/examples/driven_audio/RD_Radio36_000.wav";

  @Test
  void should_identify_submit_and_finish_a_real_task() throws Exception {
    try (SystemScheduler scheduler = new SystemScheduler()) {
      ApiModelsProvider provider = ApiModelsProvider.builder()
          .apiKey(System.getenv("APIMODELS_KEY"))
          .baseUrl(env("APIMODELS_BASE_URL", ApiModelsProvider.DEFAULT_BASE_URL))
          .scheduler(scheduler)
          .build();

      FaceSession session = provider.identifyFaces(VideoSource.url(env("APIMODELS_IT_VIDEO_URL", VIDEO)))
          .get(6, TimeUnit.MINUTES);
      assertThat(session.faces()).isNotEmpty();

      TaskRef ref = provider.submit(new SubmitRequest(session,
          // Measured as the gateway measures it, for the clip Kling requires.
          List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url(env("APIMODELS_IT_AUDIO_URL", AUDIO)))
              .audioLength(new dev.lipsync.support.AudioLengths()
                  .lengthOf(AudioSource.url(env("APIMODELS_IT_AUDIO_URL", AUDIO))).get(1, TimeUnit.MINUTES))
              .build(), session.faces().get(0))),
          null, "live-" + System.currentTimeMillis())).get(1, TimeUnit.MINUTES);
      TaskSnapshot done = PollUntil.on(scheduler, PollSchedule.defaults(), Instant.now().plus(Duration.ofMinutes(20)),
              ErrorContext.of(provider.id()).withTaskRef(ref))
          .poll(() -> provider.status(ref).thenApply(s -> s.state().isTerminal() ? Poll.<TaskSnapshot>done(s) : Poll.<TaskSnapshot>pending(s.rawStatus())))
          .get(21, TimeUnit.MINUTES);

      assertThat(done.state()).as("failure: %s", done.failure()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(done.videos()).isNotEmpty();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
