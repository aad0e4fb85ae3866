package dev.lipsync.cometapi;

import static dev.lipsync.cometapi.TestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lipsync.core.provider.Pricing;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Building the provider: the builder, the environment, and the key never showing. */
class CometApiConfigTest {
  @Test
  void should_build_from_the_environment_with_the_default_or_a_given_base_url() {
    Optional<CometApiProvider> defaults = CometApiProvider.fromEnvironment(Map.of("COMETAPI_KEY", KEY));
    Optional<CometApiProvider> local = CometApiProvider.fromEnvironment(
        Map.of("COMETAPI_KEY", KEY, "COMETAPI_BASE_URL", "http://127.0.0.1:8089"));

    assertThat(defaults).hasValueSatisfying(p -> assertThat(p.toString()).contains("https://api.cometapi.com/"));
    assertThat(local).hasValueSatisfying(p -> assertThat(p.toString()).contains("http://127.0.0.1:8089/"));
    assertThat(defaults.get().id()).isEqualTo("cometapi");
  }

  @Test
  void should_build_nothing_from_an_environment_without_a_key() {
    assertThat(CometApiProvider.fromEnvironment(Map.of())).isEmpty();
    assertThat(CometApiProvider.fromEnvironment(Map.of("COMETAPI_KEY", "  "))).isEmpty();
    assertThat(CometApiProvider.fromEnvironment(Map.of("COMETAPI_BASE_URL", "https://x.example"))).isEmpty();
  }

  @Test
  void should_never_show_the_key() {
    CometApiProvider provider = CometApiProvider.builder().apiKey(KEY).build();

    assertThat(provider.toString()).doesNotContain(KEY).isEqualTo("CometApiProvider[cometapi at https://api.cometapi.com/]");
    assertThatThrownBy(() -> CometApiProvider.fromEnvironment(Map.of("COMETAPI_KEY", "sk-has space")))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("sk-has");
  }

  @Test
  void should_check_each_setting_at_once_and_require_a_key() {
    CometApiProvider.Builder builder = CometApiProvider.builder();

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessage("API key required.");
    assertThatThrownBy(() -> builder.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.baseUrl("http://api.cometapi.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.readTimeout(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void should_take_a_price_override() {
    Pricing plan = Pricing.of("0.01", "0.05");

    CometApiProvider provider = CometApiProvider.builder().apiKey(KEY).pricing(plan).build();

    assertThat(provider.pricing()).isEqualTo(plan);
    assertThat(provider.pricing().estimate(1, Duration.ofSeconds(6))).contains(new BigDecimal("0.11"));
    assertThat(CometApiProvider.builder().apiKey(KEY).build().pricing().isKnown()).isFalse();
  }

  @Test
  void should_describe_both_endpoints_exactly() {
    var capabilities = CometApiProvider.builder().apiKey(KEY).build().capabilities();

    assertThat(capabilities.modes()).extracting(m -> m.name()).containsExactly("advanced", "lip-sync");
    var advanced = capabilities.modes().get(0);
    var legacy = capabilities.modes().get(1);
    assertThat(advanced.speechLanguages()).isEmpty();
    assertThat(advanced.faceChoosing()).isEqualTo(dev.lipsync.core.provider.Capabilities.FaceChoosing.BY_ID);
    assertThat(advanced.clipTiming() && advanced.insertTime() && advanced.volumes()).isTrue();
    assertThat(legacy.videos()).containsExactly(dev.lipsync.core.model.VideoSource.VideoKind.VENDOR_VIDEO);
    assertThat(legacy.maxFaces()).isEqualTo(1);
    assertThat(legacy.faceChoosing()).isEqualTo(dev.lipsync.core.provider.Capabilities.FaceChoosing.NONE);
    assertThat(legacy.clipTiming() || legacy.insertTime() || legacy.volumes()).isFalse();
    assertThat(capabilities.callbacks()).isTrue();
    assertThat(capabilities.idempotencyKeys()).isTrue();
    assertThat(capabilities.findsTasksByIdempotencyKey()).isFalse();
    assertThat(capabilities.cancels()).isFalse();
  }
}
