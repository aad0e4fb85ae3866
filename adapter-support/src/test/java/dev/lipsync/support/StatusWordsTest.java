package dev.lipsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lipsync.core.model.TaskState;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** A vendor's status words read case-blind onto the four states; an unknown word is running and logged, boundedly. */
class StatusWordsTest {
  private final StatusWords words =
      StatusWords.of("cometapi", Map.of(
          "submitted", TaskState.QUEUED,
          "Processing", TaskState.RUNNING,
          "SUCCEED", TaskState.SUCCEEDED,
          "failed", TaskState.FAILED));

  @ParameterizedTest
  @CsvSource({
    "submitted, QUEUED",
    "SUBMITTED, QUEUED",
    "processing, RUNNING",
    "PROCESSING, RUNNING",
    "succeed, SUCCEEDED",
    "Succeed, SUCCEEDED",
    "failed, FAILED",
    "FaIlEd, FAILED",
    "' succeed ', SUCCEEDED"
  })
  void should_know_its_words_whatever_their_case(String word, TaskState expected) {
    assertThat(words.stateOf(word)).isEqualTo(expected);
    assertThat(words.knows(word)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"rendering", "succeeded", "done", "  "})
  void should_take_an_unknown_word_as_running(String word) {
    assertThat(words.stateOf(word)).isEqualTo(TaskState.RUNNING);
    assertThat(words.knows(word)).isFalse();
  }

  @Test
  void should_log_a_bounded_number_of_unknown_words() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(words.stateOf("word-" + i + "\n" + "x".repeat(10_000))).isEqualTo(TaskState.RUNNING);
    }

    assertThat(words.loggedWords()).isEqualTo(StatusWords.MAX_LOGGED_WORDS);
  }

  @Test
  void should_keep_answering_running_for_an_unknown_word_seen_before() {
    assertThat(words.stateOf("queued-for-gpu")).isEqualTo(TaskState.RUNNING);
    assertThat(words.stateOf("queued-for-gpu")).isEqualTo(TaskState.RUNNING);
  }
}
