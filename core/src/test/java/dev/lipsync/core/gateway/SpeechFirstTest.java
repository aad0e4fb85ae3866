package dev.lipsync.core.gateway;

import static dev.lipsync.core.gateway.ScriptedVendors.VIDEO;
import static dev.lipsync.core.gateway.ScriptedVendors.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.error.OutOfCreditException;
import dev.lipsync.core.fakes.ScriptedProvider;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.AudioClip;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.FaceSession;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.SpokenAudio;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A vendor that speaks text by its own text-to-speech call first (Kling), then dubs the audio by id. */
class SpeechFirstTest {
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  private static final FaceSession TWO = new FaceSession("k", "s-1", VIDEO, List.of(
      Face.builder("k-ana").times(0, 4_000).build(), Face.builder("k-ben").times(2_000, 9_000).build()));

  private static ScriptedProvider speaksFirst(String id) {
    return new ScriptedProvider(id, Capabilities.builder()
        .mode(Capabilities.Mode.builder("advanced").videos(VideoKind.URL).audio(AudioKind.URL)
            .speechFirst(VoiceLanguage.ZH, VoiceLanguage.EN).voiceSpeed(true).clipRequired(true)
            .faceChoosing(Capabilities.FaceChoosing.BY_ID).build())
        .build(), Pricing.of("0.01", "0.10").withSpeechUsd("0.005"));
  }

  private static LipSyncJob speech(FaceSelector face) {
    return LipSyncJob.builder().video(VIDEO)
        .dub(Dub.builder().face(face).audio(new AudioSource.Speech("Hello there", "voice-1", VoiceLanguage.EN, 1.5))
            .build())
        .build();
  }

  private LipSyncGateway gateway(ScriptedProvider... vendors) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder().scheduler(time).random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0));
    for (ScriptedProvider vendor : vendors) {
      builder.provider(vendor);
    }
    return builder.build();
  }

  @Test
  void should_speak_the_text_first_and_dub_the_chosen_face_with_the_audio_by_id() {
    TaskRef task = new TaskRef("k", "t-1");
    ScriptedProvider kling = speaksFirst("k")
        .on("identify", TWO)
        .on("speak", SpokenAudio.byId("audio-7", Duration.ofMillis(3_200), new BigDecimal("0.5")))
        .on("submit", task)
        .on("status", succeeded(task));

    LipSyncResult result = Outcomes.finish(time, gateway(kling).run(speech(FaceSelector.nthByAppearance(2)),
        events::add).result());

    assertThat(kling.spoken()).singleElement().satisfies(spoken -> {
      assertThat(spoken.text()).isEqualTo("Hello there");
      assertThat(spoken.voiceId()).isEqualTo("voice-1");
      assertThat(spoken.speed()).isEqualTo(1.5);
    });
    assertThat(kling.submitted()).singleElement().satisfies(request -> {
      assertThat(request.dubs()).singleElement().satisfies(dub -> {
        assertThat(dub.face().id()).isEqualTo("k-ben");
        assertThat(dub.audio()).isEqualTo(AudioSource.vendorAudio("audio-7"));
        assertThat(dub.requiredClip()).isEqualTo(new AudioClip(0, 3_200));
      });
    });
    assertThat(result.attempts()).extracting(Attempt::outcome, Attempt::taskRef).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.SPOKEN, new TaskRef("k", "audio-7")),
        org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.SUCCEEDED, task));
    assertThat(events).extracting(JobEvent::type).containsSubsequence(
        JobEvent.Type.IDENTIFIED, JobEvent.Type.SPOKEN, JobEvent.Type.SUBMITTED);
    // An identification at $0.01, the speech at $0.005, and the 8 s video's two 5 s units at $0.10.
    assertThat(result.estimatedCostUsd()).isEqualByComparingTo("0.215");
  }

  @Test
  void should_dub_with_the_audio_s_url_where_the_vendor_gives_no_audio_id() {
    TaskRef task = new TaskRef("k", "t-2");
    ScriptedProvider kling = speaksFirst("k")
        .on("identify", TWO)
        .on("speak", SpokenAudio.atUrl("tts-9", "https://cdn.example.com/tts-9.mp3", Duration.ofMillis(2_600), null))
        .on("submit", task)
        .on("status", succeeded(task));

    LipSyncResult result = Outcomes.finish(time, gateway(kling).run(speech(FaceSelector.nthByAppearance(2)),
        events::add).result());

    assertThat(kling.submitted()).singleElement().satisfies(request ->
        assertThat(request.dubs()).singleElement().satisfies(dub -> {
          assertThat(dub.audio()).isEqualTo(AudioSource.url("https://cdn.example.com/tts-9.mp3"));
          assertThat(dub.requiredClip()).isEqualTo(new AudioClip(0, 2_600));
        }));
    assertThat(result.attempts()).extracting(Attempt::outcome, Attempt::taskRef).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.SPOKEN, new TaskRef("k", "tts-9")),
        org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.SUCCEEDED, task));
    assertThat(events).filteredOn(e -> e.type() == JobEvent.Type.SPOKEN).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("audio at https://cdn.example.com/tts-9.mp3", "2600 ms"));
  }

  @Test
  void should_move_on_when_the_speech_fails_having_dubbed_nothing() {
    ScriptedProvider kling = speaksFirst("k")
        .on("identify", TWO)
        .on("speak", new OutOfCreditException("k", "HTTP 429"));
    ScriptedProvider other = speaksFirst("o").on("identify", TWO)
        .on("speak", SpokenAudio.byId("audio-1", Duration.ofSeconds(2), null))
        .on("submit", new TaskRef("o", "t-1")).on("status", succeeded(new TaskRef("o", "t-1")));

    LipSyncResult result = Outcomes.finish(time, gateway(kling, other).run(speech(FaceSelector.nthByAppearance(1)))
        .result());

    assertThat(result.vendor()).isEqualTo("o");
    assertThat(kling.calls("submit")).isZero();
  }

  @Test
  void should_count_the_speech_a_vendor_speaks_first_when_choosing_the_cheapest() {
    // The same lip-sync price; "k" speaks the text by a paid call first, "t" takes it in the submit.
    ScriptedProvider kling = speaksFirst("k").on("identify", TWO);
    ScriptedProvider texts = new ScriptedProvider("t", Capabilities.builder()
        .mode(Capabilities.Mode.builder("text").videos(VideoKind.URL).speech(VoiceLanguage.EN).voiceSpeed(true).build())
        .build(), Pricing.of("0.01", "0.10"))
        .on("identify", new FaceSession("t", "s-2", VIDEO, List.of(Face.builder("t-ana").times(0, 4_000).build())))
        .on("submit", new TaskRef("t", "t-1")).on("status", succeeded(new TaskRef("t", "t-1")));
    ScriptedProvider unpriced = new ScriptedProvider("u", kling.capabilities(), Pricing.of("0.001", "0.01"));

    LipSyncResult result = Outcomes.finish(time, LipSyncGateway.builder().scheduler(time).random(() -> 0.0)
        .strategy(RoutingStrategy.CHEAPEST)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 0))
        .provider(unpriced).provider(kling).provider(texts).build()
        .run(speech(FaceSelector.unnamed())).result());

    assertThat(result.vendor()).isEqualTo("t");
    assertThat(kling.calls("speak")).isZero();
    assertThat(unpriced.calls("identify")).as("a speech of unknown price is no free one").isZero();
  }
}
