package dev.lipsync.kling;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * One real identify, lip-sync and poll at Kling, with a token signed from the account's keys, and a
 * try of the task query by {@code external_task_id}. Runs only
 * when both {@code KLING_ACCESS_KEY} and {@code KLING_SECRET_KEY} are set, and costs one identification
 * and one task. The media come from {@code KLING_IT_VIDEO_URL} and {@code KLING_IT_AUDIO_URL} when set;
 * {@code KLING_BASE_URL} points it elsewhere (e.g. {@code https://api-beijing.klingai.com}).
 */
@EnabledIfEnvironmentVariable(named = "KLING_ACCESS_KEY", matches = ".+")
@EnabledIfEnvironmentVariable(named = "KLING_SECRET_KEY", matches = ".+")
class KlingIT {
  // Defaults: the public sample media another Kling lip-sync reseller documents (a short talking
  // head and a few seconds of speech), so the test runs with nothing but a key.
  private static final String VIDEO_URL =
      env("KLING_IT_VIDEO_URL", "https://fal.media/files/koala/8teUPbRRMtAUTORDvqy0l.mp4");
  private static final String AUDIO_URL =
      env("KLING_IT_AUDIO_URL", "https://storage.googleapis.com/falserverless/kling/kling-audio.mp3");

  @Test
  void should_identify_lip_sync_and_poll_until_the_task_ends() throws Exception {
    KlingProvider provider = KlingProvider.fromEnvironment().orElseThrow();

    FaceSession session = provider.identifyFaces(VideoSource.url(VIDEO_URL)).get(2, TimeUnit.MINUTES);
    assertThat(session.faces()).isNotEmpty();
    SubmitRequest request = new SubmitRequest(session,
        // Measured as the gateway measures it, for the clip Kling requires.
        List.of(ResolvedDub.of(Dub.builder().audio(AudioSource.url(AUDIO_URL))
            .audioLength(new dev.lipsync.support.AudioLengths().lengthOf(AudioSource.url(AUDIO_URL))
                .get(1, TimeUnit.MINUTES))
            .build(), session.faces().get(0))),
        null, "lipsync-it-" + UUID.randomUUID());
    TaskRef ref = provider.submit(request).get(2, TimeUnit.MINUTES);
    checkLookupByExternalTaskId(request.idempotencyKey(), ref);

    try (SystemScheduler scheduler = new SystemScheduler()) {
      TaskSnapshot done = PollUntil.on(scheduler, PollSchedule.defaults().withFirstDelay(Duration.ofSeconds(15)),
              Instant.now().plus(Duration.ofMinutes(20)), ErrorContext.of(provider.id()).withTaskRef(ref))
          .poll(() -> provider.status(ref).thenApply(s -> s.state().isTerminal() ? Poll.<TaskSnapshot>done(s) : Poll.<TaskSnapshot>pending(s.rawStatus())))
          .get(21, TimeUnit.MINUTES);

      assertThat(done.ref()).isEqualTo(ref);
      assertThat(session.billedUnits()).as("identification is billed").isNotNull();
      assertThat(done.state()).isIn(TaskState.SUCCEEDED, TaskState.FAILED);
      if (done.state() == TaskState.SUCCEEDED) {
        assertThat(done.videos()).isNotEmpty();
      }
    }
  }

  /**
   * Asks the task query with the job's {@code external_task_id} in place of the task id, as Kling's
   * other video queries take either ("choose one"); whether the advanced lip-sync's does is not
   * documented. Either answer is acceptable here, but a found task must be the one just created: the
   * output says which it was, and {@link KlingProvider} claims {@code findsTasksByIdempotencyKey} only
   * once a run has shown it.
   */
  private static void checkLookupByExternalTaskId(String externalTaskId, TaskRef created) throws Exception {
    String base = env(KlingProvider.BASE_URL_VARIABLE, KlingProvider.DEFAULT_BASE_URL).replaceAll("/+$", "");
    String token = new KlingTokens(System.getenv(KlingProvider.ACCESS_KEY_VARIABLE).strip(),
        System.getenv(KlingProvider.SECRET_KEY_VARIABLE).strip(), java.time.Clock.systemUTC()).get();
    OkHttpClient http = new OkHttpClient();
    try (Response response = http.newCall(new Request.Builder()
        .url(base + "/v1/videos/advanced-lip-sync/" + externalTaskId)
        .header("Authorization", "Bearer " + token).build()).execute()) {
      Map<String, Object> answer = JSON.fromJson(response.body().string());
      Object code = answer == null ? null : answer.get("code");
      boolean found = response.isSuccessful() && code instanceof Number number && number.intValue() == 0;
      if (found) {
        Object data = answer.get("data");
        assertThat(data).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) data).get("task_id")).as("the task found by external_task_id")
            .isEqualTo(created.taskId());
      } else {
        assertThat(response.code()).as("a refusal, not a server fault").isBetween(400, 499);
      }
      System.out.println("Kling's advanced lip-sync query by external_task_id: "
          + (found ? "finds the task" : "refused, HTTP " + response.code() + " code " + code));
    } finally {
      http.dispatcher().executorService().shutdown();
    }
  }

  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
