package dev.lipsync.core.gateway;

import dev.lipsync.core.gateway.FailurePolicy.Decision;
import dev.lipsync.core.gateway.FailurePolicy.Failure;
import dev.lipsync.core.gateway.FailurePolicy.Operation;

/**
 * The gateway's failure policy, read by the fault matrix in another module: what the policy prescribes
 * for a failure in an operation, with the default settings. A test class in the policy's package (on
 * the class path, core's package-private types are visible to it), so the matrix's oracle is the
 * policy itself rather than a copy of its table.
 */
public final class FailureTable {
  private static final FailurePolicy DEFAULTS = FailurePolicy.of(ResilienceSettings.defaults());

  private FailureTable() {}

  /**
   * What happens next, by name: {@code RETRY}, {@code POLL_AGAIN}, {@code IDENTIFY_AGAIN}, {@code
   * RECONCILE}, {@code FAIL_OVER}, {@code STOP} or {@code OUTCOME_UNKNOWN}.
   *
   * @param operation {@code IDENTIFY}, {@code SUBMIT}, {@code STATUS}, {@code LOOKUP} or {@code CALLBACK}
   * @param failure a row of the policy's table, e.g. {@code UNREACHABLE}
   */
  public static String next(String operation, String failure) {
    return decision(operation, failure).next().name();
  }

  /** What happens once the attempts of {@link #next} are spent, by name. */
  public static String spent(String operation, String failure) {
    return decision(operation, failure).spent().name();
  }

  private static Decision decision(String operation, String failure) {
    return DEFAULTS.decide(Operation.valueOf(operation), Failure.valueOf(failure));
  }
}
