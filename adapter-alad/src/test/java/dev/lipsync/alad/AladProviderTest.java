package dev.lipsync.alad;

import static dev.lipsync.alad.Fixtures.KEY;
import static dev.lipsync.alad.Fixtures.VIDEO;
import static dev.lipsync.alad.Fixtures.failure;
import static dev.lipsync.alad.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.NotFoundException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.model.AudioFormat;
import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.Face;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import dev.lipsync.core.provider.ResolvedDub;
import dev.lipsync.core.provider.SubmitRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Building, configuring and describing the provider; what it refuses before sending anything. */
class AladProviderTest {
  /** Nothing listens there: a refusal proves that nothing was sent (sending would be "unavailable"). */
  private static final String NOWHERE = "http://127.0.0.1:9";

  private final AladProvider provider = AladProvider.builder().apiKey(KEY).baseUrl(NOWHERE).build();

  @Test
  void should_describe_exactly_what_alad_can_do() {
    assertThat(provider.id()).isEqualTo("alad");
    assertThat(provider.capabilities()).isEqualTo(new Capabilities(
        List.of(new Capabilities.Mode("advanced",
            Set.of(VideoKind.URL, VideoKind.VENDOR_VIDEO),
            Set.of(AudioKind.URL, AudioKind.SPEECH),
            Set.of(VoiceLanguage.ZH, VoiceLanguage.EN),
            1, Capabilities.FaceChoosing.BY_PICTURE, false, false, false, false, false, false, false)),
        false, false, false, false));
  }

  @Test
  void should_let_the_gateway_route_only_jobs_alad_can_honour() {
    Capabilities capabilities = provider.capabilities();

    assertThat(capabilities.whyNot(job(Dub.of(AudioSource.url("https://example.com/a.mp3"))))).isEmpty();
    assertThat(capabilities.whyNot(job(Dub.of(AudioSource.speech("你好", "girlfriend_1_cn", VoiceLanguage.ZH)))))
        .isEmpty();
    assertThat(capabilities.whyNot(job(Dub.of(AudioSource.bytes(new byte[] {1}, AudioFormat.MP3)))))
        .contains("takes no audio as bytes");
    assertThat(capabilities.whyNot(job(Dub.of(AudioSource.vendorAudio("a-1")))))
        .contains("takes no audio by vendor audio id");
    assertThat(capabilities.whyNot(job(Dub.builder().audio(AudioSource.url("https://example.com/a.mp3"))
        .clip(0, 4_000).build()))).contains("cannot cut the audio to a clip");
  }

  @Test
  void should_require_an_api_key() {
    assertThatThrownBy(() -> AladProvider.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("API key required.");
  }

  @Test
  void should_check_each_setting_at_once() {
    AladProvider.Builder builder = AladProvider.builder();

    assertThatThrownBy(() -> builder.apiKey("  ")).hasMessage("API key is blank");
    assertThatThrownBy(() -> builder.apiKey("sk bad " + KEY)).hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> builder.baseUrl("http://ai.alad.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http");
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.readTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.pricing(null)).hasMessage("pricing == null");
  }

  @Test
  void should_default_to_alads_base_url_and_an_unknown_price() {
    AladProvider defaults = AladProvider.builder().apiKey(KEY).build();

    assertThat(defaults.toString()).isEqualTo("AladProvider[alad at https://ai.alad.com/]");
    assertThat(defaults.pricing()).isEqualTo(Pricing.unknown());
    assertThat(AladProvider.builder().apiKey(KEY).pricing(Pricing.of("0.01", "0.05")).build().pricing())
        .isEqualTo(Pricing.of("0.01", "0.05"));
  }

  @Test
  void should_be_configured_by_the_environment_only_when_a_key_is_set() {
    assertThat(AladProvider.fromEnvironment(Map.of())).isEmpty();
    assertThat(AladProvider.fromEnvironment(Map.of("ALAD_KEY", " "))).isEmpty();
    assertThat(AladProvider.fromEnvironment(Map.of("ALAD_KEY", KEY + "\n")).orElseThrow().toString())
        .isEqualTo("AladProvider[alad at https://ai.alad.com/]");
    assertThat(AladProvider.fromEnvironment(Map.of("ALAD_KEY", KEY, "ALAD_BASE_URL", "https://proxy.example.com/alad"))
        .orElseThrow().toString()).isEqualTo("AladProvider[alad at https://proxy.example.com/alad/]");
    assertThatThrownBy(() -> AladProvider.fromEnvironment(Map.of("ALAD_KEY", KEY, "ALAD_BASE_URL", "http://10.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(KEY);
  }

  @Test
  void should_never_show_the_key() {
    assertThat(provider.toString()).doesNotContain(KEY);
  }

  @Test
  void should_refuse_a_video_id_of_another_vendor_before_sending() throws Exception {
    VideoSource foreign = VideoSource.vendorVideo("vid-1").at("cometapi");

    assertThat(failure(provider.identifyFaces(foreign)))
        .isInstanceOf(NotSupportedException.class).hasMessageContaining("cometapi");
  }

  @Test
  void should_refuse_two_dubs_before_sending() throws Exception {
    Face first = Face.of("0");
    Face second = Face.of("1");
    AudioSource audio = AudioSource.url("https://example.com/a.mp3");
    SubmitRequest request = new SubmitRequest(session(first, second),
        List.of(ResolvedDub.of(Dub.of(audio), first), ResolvedDub.of(Dub.of(audio), second)), null, "k");

    assertThat(failure(provider.submit(request)))
        .isInstanceOf(NotSupportedException.class).hasMessageContaining("at most 1 face");
  }

  @Test
  void should_refuse_a_task_of_another_vendor_or_an_id_that_cannot_be_a_path_before_sending() throws Exception {
    assertThat(failure(provider.status(new TaskRef("cometapi", "t-1")))).isInstanceOf(NotFoundException.class);
    assertThat(failure(provider.status(new TaskRef("alad", "..")))).isInstanceOf(InvalidRequestException.class);
  }

  private static LipSyncJob job(Dub dub) {
    return LipSyncJob.builder().video(VIDEO).dub(dub).build();
  }
}
