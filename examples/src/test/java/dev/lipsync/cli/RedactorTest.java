package dev.lipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String KEY = "sk-live-4f9c2e7b1d8a6035";

  private static String printed(List<String> secrets, String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream masked = Redactor.wrap(new PrintStream(bytes, true, StandardCharsets.UTF_8), secrets);
    masked.print(text);
    masked.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void should_mask_the_whole_key_wherever_it_is() {
    assertThat(printed(List.of(KEY), "key " + KEY + " refused; again: " + KEY + "\n"))
        .isEqualTo("key **** refused; again: ****\n");
  }

  @Test
  void should_mask_a_start_of_the_key_of_8_characters_or_more() {
    assertThat(printed(List.of(KEY), "a message cut at 300 characters ends in sk-live-4f9c…"))
        .isEqualTo("a message cut at 300 characters ends in ****…");
    assertThat(printed(List.of(KEY), "sk-live-"))
        .isEqualTo("****");
    assertThat(printed(List.of(KEY), "sk-live-4f9c2e7b1d8a6035-and-more")).isEqualTo("****-and-more");
  }

  @Test
  void should_leave_shorter_starts_and_other_text_alone() {
    assertThat(printed(List.of(KEY), "sk-live plain text, sk-live4f9c")).isEqualTo("sk-live plain text, sk-live4f9c");
  }

  @Test
  void should_leave_a_word_that_only_shares_the_keys_start_alone() {
    assertThat(printed(List.of("cometapi-key"), "video at /results/cometapi-1003.mp4; cometapi-k"))
        .isEqualTo("video at /results/cometapi-1003.mp4; ****");
  }

  @Test
  void should_mask_a_short_key_only_whole() {
    assertThat(printed(List.of("abc1234"), "abc1234 and abc123")).isEqualTo("**** and abc123");
    assertThat(printed(List.of("abc12"), "abc12")).as("too short to be a key").isEqualTo("abc12");
  }
}
