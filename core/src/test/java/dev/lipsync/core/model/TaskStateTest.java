package dev.lipsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskStateTest {

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
    "QUEUED,    QUEUED,    true",
    "QUEUED,    RUNNING,   true",
    "QUEUED,    SUCCEEDED, true",
    "QUEUED,    FAILED,    true",
    "RUNNING,   QUEUED,    false",
    "RUNNING,   RUNNING,   true",
    "RUNNING,   SUCCEEDED, true",
    "RUNNING,   FAILED,    true",
    "SUCCEEDED, QUEUED,    false",
    "SUCCEEDED, RUNNING,   false",
    "SUCCEEDED, SUCCEEDED, true",
    "SUCCEEDED, FAILED,    false",
    "FAILED,    QUEUED,    false",
    "FAILED,    RUNNING,   false",
    "FAILED,    SUCCEEDED, false",
    "FAILED,    FAILED,    true"
  })
  void should_only_move_forward(TaskState from, TaskState to, boolean allowed) {
    assertThat(from.canMoveTo(to)).isEqualTo(allowed);
  }

  @Test
  void should_cover_every_pair_of_states() {
    // The table above lists 16 pairs; it must grow if a state is added.
    assertThat(TaskState.values()).hasSize(4);
  }

  @Test
  void should_call_only_succeeded_and_failed_terminal() {
    for (TaskState state : TaskState.values()) {
      assertThat(state.isTerminal())
          .as("%s is terminal", state)
          .isEqualTo(EnumSet.of(TaskState.SUCCEEDED, TaskState.FAILED).contains(state));
    }
  }
}
