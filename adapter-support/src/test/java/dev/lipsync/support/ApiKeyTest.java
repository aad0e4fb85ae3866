package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyTest {
  private static final ApiKey KEY = ApiKey.of("sk-DISTINCT-9c41e07b5a2f86d3");

  @Test
  void should_mask_the_key_wherever_it_is_and_print_as_a_mask() {
    assertThat(KEY.redact("Bearer sk-DISTINCT-9c41e07b5a2f86d3 refused, sk-DISTINCT-9c41e07b5a2f86d3"))
        .isEqualTo("Bearer **** refused, ****");
    assertThat(KEY).hasToString("ApiKey[****]");
  }

  @Test
  void should_mask_a_start_of_the_key_cut_off_by_the_end_of_the_text_or_a_word() {
    assertThat(KEY.redact("xxx sk-DISTINCT-9c41e0")).isEqualTo("xxx ****");
    assertThat(KEY.redact("\"code\": \"sk-DISTINCT-9c\", cut…")).isEqualTo("\"code\": \"****\", cut…");
    assertThat(KEY.redact("sk-DISTI.")).isEqualTo("****.");
  }

  @Test
  void should_leave_shorter_starts_and_words_that_only_share_the_start_alone() {
    assertThat(KEY.redact("sk-DIST")).isEqualTo("sk-DIST");
    assertThat(KEY.redact("sk-DISTINCTIVE-id")).isEqualTo("sk-DISTINCTIVE-id");
    assertThat(ApiKey.of("cometapi-key").redact("face cometapi-face-ana")).isEqualTo("face cometapi-face-ana");
  }

  @Test
  void should_mask_a_key_of_8_characters_or_fewer_only_whole() {
    assertThat(ApiKey.of("abc12345").redact("abc12345 abc1234")).isEqualTo("**** abc1234");
    assertThat(ApiKey.of("k1").redact("k1 and k12")).isEqualTo("**** and ****2");
  }

  @Test
  void should_mask_a_second_secret_too_while_the_key_stays_what_is_sent() {
    ApiKey both = KEY.alsoMasking("SK-second-secret-5f2a9e1c7b3d");

    assertThat(both.redact("ak sk-DISTINCT-9c41e07b5a2f86d3 sk SK-second-secret-5f2a9e1c7b3d"))
        .isEqualTo("ak **** sk ****");
    assertThat(both.value()).isEqualTo(KEY.value());
    assertThat(both).isEqualTo(KEY).hasToString("ApiKey[****]");
    assertThat(both.alsoMasking("SK-second-secret-5f2a9e1c7b3d").redact("SK-second-secret-5f2a9e1c7b3d"))
        .isEqualTo("****");
  }
}
