package dev.lipsync.core.model;

import dev.lipsync.core.error.FailureKind;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One vendor's part in a job: what happened there and whether a (paid) submit was sent.
 *
 * @param vendor the vendor
 * @param outcome how it ended
 * @param submitSent whether a submit request reached, or may have reached, the vendor
 * @param taskRef the task the submit created, or null if none is known
 * @param reason the class of failure, or null when the attempt succeeded
 * @param error the failure in words, or null
 */
public record Attempt(
    String vendor,
    Outcome outcome,
    boolean submitSent,
    @Nullable TaskRef taskRef,
    @Nullable FailureKind reason,
    @Nullable String error) {

  public Attempt {
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(outcome, "outcome == null");
  }

  /** How an attempt ended. */
  public enum Outcome {
    /** The vendor produced the video. */
    SUCCEEDED,
    /** The vendor could not serve the job; see the reason. */
    FAILED,
    /** A submit may have created a task whose fate is unknown. */
    OUTCOME_UNKNOWN
  }
}
