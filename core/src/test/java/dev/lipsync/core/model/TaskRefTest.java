package dev.lipsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskRefTest {
  private static final String VENDOR_RULE =
      " must be 1 to 32 lower-case letters, digits or dashes, starting with a letter";
  private static final String TASK_ID_RULE =
      " must be 1 to 256 printable ASCII characters without spaces";

  static Stream<Arguments> validRefs() {
    return Stream.of(
        arguments("cometapi", "842250903629086785"),
        arguments("kling", "abc:def:ghi"),
        arguments("alad", "::"),
        arguments("apimodels", "https://api.example.com/tasks/7?x=1"),
        arguments("a", "!"),
        arguments("vendor-2", "~"),
        arguments("v" + "x".repeat(31), "t".repeat(256)),
        arguments("k0-9", "\"quoted\"#$%&'()*+,-./;<=>@[\\]^_`{|}"));
  }

  @ParameterizedTest
  @MethodSource("validRefs")
  void should_parse_back_what_to_string_wrote(String vendor, String taskId) {
    TaskRef ref = new TaskRef(vendor, taskId);

    String stored = ref.toString();
    TaskRef again = TaskRef.parse(stored);

    assertThat(stored).isEqualTo(vendor + ":" + taskId);
    assertThat(again).isEqualTo(ref);
    assertThat(again.vendor()).isEqualTo(vendor);
    assertThat(again.taskId()).isEqualTo(taskId);
  }

  @Test
  void should_end_the_vendor_at_the_first_colon() {
    TaskRef ref = TaskRef.parse("kling:task:with:colons");

    assertThat(ref.vendor()).isEqualTo("kling");
    assertThat(ref.taskId()).isEqualTo("task:with:colons");
  }

  static Stream<Arguments> malformedRefs() {
    String longVendor = "v" + "x".repeat(32);
    String longTaskId = "t".repeat(257);
    return Stream.of(
        arguments("no colon", "cometapi842250903629086785",
            "task ref \"cometapi842250903629086785\" must have the form vendor:taskId"),
        arguments("empty text", "", "task ref \"\" must have the form vendor:taskId"),
        arguments("empty vendor", ":842250903629086785", "vendor \"\"" + VENDOR_RULE),
        arguments("empty task id", "cometapi:", "task id \"\"" + TASK_ID_RULE),
        arguments("upper-case vendor", "Kling:123", "vendor \"Kling\"" + VENDOR_RULE),
        arguments("vendor starting with a digit", "1kling:123", "vendor \"1kling\"" + VENDOR_RULE),
        arguments("vendor with an underscore", "my_vendor:123", "vendor \"my_vendor\"" + VENDOR_RULE),
        arguments("space in task id", "kling:12 34", "task id \"12 34\"" + TASK_ID_RULE),
        arguments("tab in task id", "kling:12\t34", "task id \"12\t34\"" + TASK_ID_RULE),
        arguments("newline at the end", "kling:1234\n", "task id \"1234\n\"" + TASK_ID_RULE),
        arguments("non-ASCII task id", "kling:tâche", "task id \"tâche\"" + TASK_ID_RULE),
        arguments("33-character vendor", longVendor + ":1", "vendor \"" + longVendor + "\"" + VENDOR_RULE),
        arguments("257-character task id", "kling:" + longTaskId,
            "task id \"" + longTaskId + "\"" + TASK_ID_RULE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRefs")
  void should_reject_a_malformed_ref_naming_the_problem(String problem, String text, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> TaskRef.parse(text)).withMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"'', 1", "Kling, 1", "kling, ''", "kling, 'a b'"})
  void should_reject_malformed_parts_when_constructed(String vendor, String taskId) {
    assertThatIllegalArgumentException().isThrownBy(() -> new TaskRef(vendor, taskId));
  }

  @Test
  void should_reject_null() {
    assertThatNullPointerException().isThrownBy(() -> TaskRef.parse(null)).withMessage("text == null");
  }
}
