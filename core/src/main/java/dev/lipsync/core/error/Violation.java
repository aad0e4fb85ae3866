package dev.lipsync.core.error;

import java.util.Objects;

/**
 * One broken rule: the field, its value and the rule, as in {@code dub[0].clip: 1500 ms is shorter
 * than the 2000 ms minimum}.
 *
 * @param field the field's path in the job, e.g. {@code dub[0].clip}
 * @param value the offending value as text; see {@link #abbreviate(String)} for long ones
 * @param rule what the value breaks, phrased to follow the value
 */
public record Violation(String field, String value, String rule) {
  private static final int MAX_VALUE_CHARS = 60;

  public Violation {
    Objects.requireNonNull(field, "field == null");
    Objects.requireNonNull(value, "value == null");
    Objects.requireNonNull(rule, "rule == null");
  }

  /** The sentence {@code field: value rule}. */
  public String message() {
    return field + ": " + value + " " + rule;
  }

  @Override
  public String toString() {
    return message();
  }

  /** Shortens a long value so a message stays readable; the message keeps the full length. */
  public static String abbreviate(String value) {
    if (value.length() <= MAX_VALUE_CHARS) {
      return value;
    }
    return value.substring(0, MAX_VALUE_CHARS) + "…(" + value.length() + " chars)";
  }
}
