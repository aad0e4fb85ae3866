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
 * @param reason the class of failure; null when the attempt succeeded, or when it failed with an
 *     {@link Error} of this process (a broken classpath), which is no vendor failure
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

  /** Starts the record of an attempt at {@code vendor} that ended as {@code outcome}. */
  public static Builder builder(String vendor, Outcome outcome) {
    return new Builder(vendor, outcome);
  }

  /** How an attempt ended. */
  public enum Outcome {
    /** The vendor produced the video. */
    SUCCEEDED,
    /** The vendor could not serve the job; see the reason. */
    FAILED,
    /** A submit may have created a task whose fate is unknown. */
    OUTCOME_UNKNOWN,
    /**
     * The vendor spoke the job's text with its voice before the lip-sync (Kling's text to speech); the
     * attempt's {@code taskRef} names the audio by its id at the vendor.
     */
    SPOKEN
  }

  /** Builds an {@link Attempt}. Not thread-safe. */
  public static final class Builder {
    private final String vendor;
    private final Outcome outcome;
    private boolean submitSent;
    private @Nullable TaskRef taskRef;
    private @Nullable FailureKind reason;
    private @Nullable String error;

    private Builder(String vendor, Outcome outcome) {
      this.vendor = Objects.requireNonNull(vendor, "vendor == null");
      this.outcome = Objects.requireNonNull(outcome, "outcome == null");
    }

    /** Whether a submit reached, or may have reached, the vendor. */
    public Builder submitSent(boolean submitSent) {
      this.submitSent = submitSent;
      return this;
    }

    public Builder taskRef(@Nullable TaskRef taskRef) {
      this.taskRef = taskRef;
      return this;
    }

    /** The class of failure and its description. */
    public Builder failure(@Nullable FailureKind reason, @Nullable String error) {
      this.reason = reason;
      this.error = error;
      return this;
    }

    public Attempt build() {
      return new Attempt(vendor, outcome, submitSent, taskRef, reason, error);
    }
  }
}
