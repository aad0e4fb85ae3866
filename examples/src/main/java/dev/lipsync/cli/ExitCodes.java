package dev.lipsync.cli;

/** The command's exit codes, a contract with the scripts that call it. */
final class ExitCodes {
  /** The job succeeded (or the command did what was asked). */
  static final int SUCCEEDED = 0;
  /** Anything else: an unexpected error, the deadline passed while the task ran, a failed download. */
  static final int OTHER = 1;
  /** Invalid input, usage or configuration: nothing was sent to any vendor. */
  static final int INVALID_INPUT = 2;
  /** The job failed: every candidate vendor failed, or the task failed. */
  static final int FAILED = 3;
  /** A submit's outcome is unknown: a paid task may exist; the vendor and idempotency key are printed. */
  static final int OUTCOME_UNKNOWN = 4;

  private ExitCodes() {}
}
