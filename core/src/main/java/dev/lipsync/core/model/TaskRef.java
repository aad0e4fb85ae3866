package dev.lipsync.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A task at a vendor: the vendor's id and the vendor's task id. Its string form {@code vendor:taskId}
 * is stable, so an application can store it and {@linkplain #parse(String) parse} it back after a
 * restart to go on tracking the task.
 *
 * <pre>{@code
 * String stored = ref.toString();            // "cometapi:842250903629086785"
 * TaskRef again = TaskRef.parse(stored);     // equal to ref
 * }</pre>
 *
 * @param vendor the vendor's id: lower-case letters, digits and dashes, starting with a letter
 * @param taskId the vendor's task id as the adapter records it; any printable text without whitespace
 */
public record TaskRef(String vendor, String taskId) {
  private static final Pattern VENDOR = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern TASK_ID = Pattern.compile("[\\x21-\\x7e]{1,256}");

  public TaskRef {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(taskId, "taskId == null");
    if (!VENDOR.matcher(vendor).matches()) {
      throw new IllegalArgumentException(
          "vendor \"" + vendor + "\" must be 1 to 32 lower-case letters, digits or dashes,"
              + " starting with a letter");
    }
    if (!TASK_ID.matcher(taskId).matches()) {
      throw new IllegalArgumentException(
          "task id \"" + taskId + "\" must be 1 to 256 printable ASCII characters without spaces");
    }
  }

  /**
   * Parses the form {@link #toString()} makes. The vendor ends at the first colon; the task id may hold
   * further colons.
   *
   * @throws IllegalArgumentException if the text is not {@code vendor:taskId}
   */
  public static TaskRef parse(String text) {
    Objects.requireNonNull(text, "text == null");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "task ref \"" + text + "\" must have the form vendor:taskId");
    }
    return new TaskRef(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The stable string form, {@code vendor:taskId}. */
  @Override
  public String toString() {
    return vendor + ":" + taskId;
  }
}
