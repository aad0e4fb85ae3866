package dev.lipsync.core.error;

/**
 * The classes of failure, one per row of the gateway's failure table. Each tells what to do next: try
 * the same vendor again, try another vendor, or stop. The lower-case {@link #tag()} is used in metrics.
 */
public enum FailureKind {
  /** The request breaks a documented limit. Nothing was sent, or the vendor refused it. */
  INVALID_REQUEST,
  /** The vendor cannot do what the job asks (text mode, several faces, ...). */
  NOT_SUPPORTED,
  /** The key is wrong, or the account may not use this. */
  AUTHENTICATION,
  /** The account has no credit left. */
  OUT_OF_CREDIT,
  /** Too many requests or tasks; try again after a delay. */
  RATE_LIMITED,
  /** The vendor is down, overloaded or unreachable. */
  UNAVAILABLE,
  /** A submit may have created a (paid) task, and whether it did is not known. */
  SUBMIT_OUTCOME_UNKNOWN,
  /** The vendor refused the content (policy, no face found). */
  CONTENT_REJECTED,
  /** The vendor's task ended in failure. */
  TASK_FAILED,
  /** The vendor does not know the task, session or resource. */
  NOT_FOUND,
  /** The vendor no longer knows the face session a submit named; identifying the faces again mends it. */
  SESSION_EXPIRED,
  /** The vendor's answer could not be read. */
  PROTOCOL,
  /** The job's deadline passed before the task ended. */
  DEADLINE_EXCEEDED,
  /** The gateway was closed while the job ran; its task, if any, can be resumed. */
  CLOSED;

  /**
   * Whether the failure is the vendor's passing state rather than the request's, so the same job may
   * get past it later: {@link #RATE_LIMITED}, {@link #UNAVAILABLE}, {@link #SESSION_EXPIRED}, and
   * {@link #CLOSED} (on a gateway that runs).
   */
  public boolean passes() {
    return this == RATE_LIMITED || this == UNAVAILABLE || this == SESSION_EXPIRED || this == CLOSED;
  }

  /** The name in lower case with dashes, e.g. {@code rate-limited}, for metric tags and logs. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
