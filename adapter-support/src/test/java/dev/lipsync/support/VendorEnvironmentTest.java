package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VendorEnvironmentTest {
  private static final String KEY = "sk-env-5e8a1c";

  @Test
  void should_read_the_key_and_base_url_stripped() {
    VendorEnvironment found = VendorEnvironment.read(
        Map.of("ACME_KEY", "  " + KEY + "\n", "ACME_BASE_URL", " http://127.0.0.1:8080 "), "ACME_KEY", "ACME_BASE_URL")
        .orElseThrow();

    assertThat(found.apiKey()).isEqualTo(KEY);
    assertThat(found.baseUrlOr("https://api.acme.example")).isEqualTo("http://127.0.0.1:8080");
  }

  @ParameterizedTest(name = "base URL \"{0}\"")
  @ValueSource(strings = {"", "   "})
  void should_fall_back_to_the_default_base_url_when_none_or_a_blank_one_is_set(String blank) {
    Map<String, String> withBlank = Map.of("ACME_KEY", KEY, "ACME_BASE_URL", blank);
    Map<String, String> without = Map.of("ACME_KEY", KEY);

    assertThat(VendorEnvironment.read(withBlank, "ACME_KEY", "ACME_BASE_URL").orElseThrow()
        .baseUrlOr("https://api.acme.example")).isEqualTo("https://api.acme.example");
    assertThat(VendorEnvironment.read(without, "ACME_KEY", "ACME_BASE_URL").orElseThrow()
        .baseUrlOr("https://api.acme.example")).isEqualTo("https://api.acme.example");
  }

  @Test
  void should_find_nothing_without_a_key_whatever_else_is_set() {
    Map<String, String> env = new HashMap<>();
    env.put("ACME_BASE_URL", "https://proxy.example.com");

    assertThat(VendorEnvironment.read(env, "ACME_KEY", "ACME_BASE_URL")).isEmpty();
    env.put("ACME_KEY", " \t ");
    assertThat(VendorEnvironment.read(env, "ACME_KEY", "ACME_BASE_URL")).isEmpty();
    assertThat(VendorEnvironment.read(Map.of("OTHER_KEY", KEY), "ACME_KEY", "ACME_BASE_URL")).isEmpty();
  }

  @Test
  void should_never_show_the_key() {
    VendorEnvironment found = VendorEnvironment.read(Map.of("ACME_KEY", KEY), "ACME_KEY", "ACME_BASE_URL")
        .orElseThrow();

    assertThat(found.toString()).doesNotContain(KEY).contains("****");
  }

  @Test
  void should_require_its_arguments() {
    assertThatNullPointerException().isThrownBy(() -> VendorEnvironment.read(null, "A", "B"))
        .withMessage("env == null");
    assertThatNullPointerException().isThrownBy(() -> VendorEnvironment.read(Map.of(), null, "B"))
        .withMessage("keyVariable == null");
  }
}
