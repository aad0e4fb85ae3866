package dev.lipsync.kling;

import static dev.lipsync.kling.TestSupport.ACCESS_KEY;
import static dev.lipsync.kling.TestSupport.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.model.AudioSource;
import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.Dub;
import dev.lipsync.core.model.FaceSelector;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.VideoSource;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.model.VoiceLanguage;
import dev.lipsync.core.provider.Capabilities;
import dev.lipsync.core.provider.Pricing;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder, the environment and the capabilities. */
class KlingConfigTest {

  @Test
  void should_read_both_keys_and_the_base_url_from_the_environment() {
    KlingProvider provider = KlingProvider.fromEnvironment(Map.of(
        "KLING_ACCESS_KEY", ACCESS_KEY, "KLING_SECRET_KEY", " " + SECRET_KEY + " ",
        "KLING_BASE_URL", "http://127.0.0.1:9")).orElseThrow();

    assertThat(provider.id()).isEqualTo("kling");
    assertThat(provider.toString()).contains("http://127.0.0.1:9").doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
  }

  @Test
  void should_default_to_kling_singapore() {
    KlingProvider provider = KlingProvider.fromEnvironment(
        Map.of("KLING_ACCESS_KEY", ACCESS_KEY, "KLING_SECRET_KEY", SECRET_KEY)).orElseThrow();

    assertThat(provider.toString()).contains("https://api-singapore.klingai.com/");
  }

  @Test
  void should_be_unconfigured_without_keys() {
    assertThat(KlingProvider.fromEnvironment(Map.of("KLING_ACCESS_KEY", " "))).isEmpty();
  }

  @Test
  void should_refuse_half_the_credentials_naming_the_missing_variable() {
    assertThatThrownBy(() -> KlingProvider.fromEnvironment(Map.of("KLING_ACCESS_KEY", ACCESS_KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KLING_SECRET_KEY")
        .hasMessageNotContaining(ACCESS_KEY);
    assertThatThrownBy(() -> KlingProvider.fromEnvironment(Map.of("KLING_SECRET_KEY", SECRET_KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KLING_ACCESS_KEY")
        .hasMessageNotContaining(SECRET_KEY);
  }

  @Test
  void should_refuse_a_secret_too_short_for_hs256_without_showing_it() {
    assertThatThrownBy(() -> KlingProvider.builder().secretKey("short-secret-1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("short-secret-1234");
    assertThatThrownBy(() -> KlingProvider.fromEnvironment(
            Map.of("KLING_ACCESS_KEY", ACCESS_KEY, "KLING_SECRET_KEY", "short-secret-1234")))
        .hasMessageStartingWith("KLING_SECRET_KEY")
        .hasMessageNotContaining("short-secret-1234");
  }

  @Test
  void should_require_both_keys() {
    assertThatThrownBy(() -> KlingProvider.builder().secretKey(SECRET_KEY).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("API key required.");
    assertThatThrownBy(() -> KlingProvider.builder().accessKey(ACCESS_KEY).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Secret key required.");
  }

  @Test
  void should_describe_one_face_per_task_chosen_by_id_and_no_lookup_by_key() {
    Capabilities capabilities = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY).build()
        .capabilities();

    assertThat(capabilities.modes()).hasSize(1);
    Capabilities.Mode mode = capabilities.modes().get(0);
    assertThat(mode.videos()).containsExactlyInAnyOrder(VideoKind.URL, VideoKind.VENDOR_VIDEO);
    assertThat(mode.audio())
        .containsExactlyInAnyOrder(AudioKind.URL, AudioKind.BYTES, AudioKind.VENDOR_AUDIO, AudioKind.SPEECH);
    assertThat(mode.speechFirst()).as("text spoken by /v1/audio/tts before the submit").isTrue();
    assertThat(mode.speechLanguages()).containsExactlyInAnyOrder(VoiceLanguage.ZH, VoiceLanguage.EN);
    assertThat(mode.voiceSpeed()).isTrue();
    assertThat(mode.maxFaces()).isEqualTo(1);
    assertThat(mode.faceChoosing()).isEqualTo(Capabilities.FaceChoosing.BY_ID);
    assertThat(mode.clipRequired()).isTrue();
    assertThat(mode.watermark()).isTrue();
    assertThat(capabilities.callbacks()).isTrue();
    assertThat(capabilities.idempotencyKeys()).isTrue();
    assertThat(capabilities.findsTasksByIdempotencyKey()).isFalse();
  }

  @Test
  void should_take_a_text_job_naming_a_face_as_speech_first() {
    KlingProvider provider = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY).build();
    LipSyncJob job = LipSyncJob.builder().video(VideoSource.url("https://example.com/v.mp4"))
        .dub(Dub.builder().face(FaceSelector.nthByAppearance(2))
            .audio(AudioSource.speech("Hello there", "oversea_male1", VoiceLanguage.EN).withSpeed(1.5)).build())
        .build();

    assertThat(provider.capabilities().whyNot(job)).isEmpty();
  }

  // ---- pricing -------------------------------------------------------------------------------

  @Test
  void should_keep_the_price_unknown_without_one_given_even_with_a_unit_price() {
    KlingProvider provider = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
        .unitPriceUsd(new BigDecimal("0.14")).build();

    // The sources give no units per 5 s or per identification: nothing is estimated from the unit price.
    assertThat(provider.pricing()).isEqualTo(Pricing.unknown());
    assertThat(provider.pricing().estimate(1, Duration.ofSeconds(8))).isEmpty();
    assertThat(provider.unitPriceUsd()).contains(new BigDecimal("0.14"));
  }

  @Test
  void should_estimate_from_the_price_given_explicitly() {
    KlingProvider provider = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
        .pricing(Pricing.of("0.02", "0.35")).unitPriceUsd(new BigDecimal("0.14")).build();

    assertThat(provider.pricing()).isEqualTo(Pricing.of("0.02", "0.35"));
    assertThat(provider.pricing().estimate(1, Duration.ofSeconds(8))).contains(new BigDecimal("0.72"));
  }

  @Test
  void should_turn_the_units_billed_into_dollars_at_the_unit_price() {
    KlingProvider priced = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
        .unitPriceUsd(new BigDecimal("0.14")).build();
    KlingProvider unpriced = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY).build();

    // 5 units of a task + 0.2 of an identification + 0.1 of a speech, as the simulator bills them.
    assertThat(priced.costUsd(new BigDecimal("5.3"))).contains(new BigDecimal("0.742"));
    assertThat(priced.costUsd(BigDecimal.ZERO)).contains(BigDecimal.ZERO);
    assertThat(unpriced.costUsd(new BigDecimal("5"))).isEmpty();
    assertThat(unpriced.unitPriceUsd()).isEmpty();
  }

  @Test
  void should_refuse_a_negative_unit_price() {
    assertThatThrownBy(() -> KlingProvider.builder().unitPriceUsd(new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unitPriceUsd: -0.01 is negative");
  }

  @Test
  void should_lift_the_face_limit_when_told() {
    Capabilities capabilities = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
        .maxFacesPerTask(3).build().capabilities();

    assertThat(capabilities.modes().get(0).maxFaces()).isEqualTo(3);
    assertThatThrownBy(() -> KlingProvider.builder().maxFacesPerTask(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
