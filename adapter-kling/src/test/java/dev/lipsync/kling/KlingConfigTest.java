package dev.lipsync.kling;

import static dev.lipsync.kling.TestSupport.ACCESS_KEY;
import static dev.lipsync.kling.TestSupport.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.model.AudioSource.AudioKind;
import dev.lipsync.core.model.VideoSource.VideoKind;
import dev.lipsync.core.provider.Capabilities;
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
    assertThat(mode.audio()).containsExactlyInAnyOrder(AudioKind.URL, AudioKind.BYTES, AudioKind.VENDOR_AUDIO);
    assertThat(mode.maxFaces()).isEqualTo(1);
    assertThat(mode.faceChoosing()).isEqualTo(Capabilities.FaceChoosing.BY_ID);
    assertThat(mode.clipRequired()).isTrue();
    assertThat(mode.watermark()).isTrue();
    assertThat(capabilities.callbacks()).isTrue();
    assertThat(capabilities.idempotencyKeys()).isTrue();
    assertThat(capabilities.findsTasksByIdempotencyKey()).isFalse();
  }

  @Test
  void should_lift_the_face_limit_when_told() {
    Capabilities capabilities = KlingProvider.builder().accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
        .maxFacesPerTask(3).build().capabilities();

    assertThat(capabilities.modes().get(0).maxFaces()).isEqualTo(3);
    assertThatThrownBy(() -> KlingProvider.builder().maxFacesPerTask(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
