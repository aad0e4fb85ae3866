package dev.lipsync.integration;

import dev.lipsync.core.gateway.FailureTable;
import dev.lipsync.integration.MatrixFault.CallbackFault;
import dev.lipsync.integration.MatrixFault.Phase;
import dev.lipsync.integration.MatrixFault.Row;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcomes a matrix cell can show, in the words of {@code docs/RELIABILITY.md}, and the one the
 * gateway's failure policy prescribes for a row in a phase (asked through {@link FailureTable}: the
 * oracle is the policy, not a copy of its table). A fault is injected once (a script or a
 * dead connection persists only where the fault does), so a retry at the same vendor meets a
 * healthy answer.
 */
final class Expected {
  static final String RETRY = "retry";
  static final String WAITED = "waited";
  static final String POLL_ON = "poll on";
  static final String RE_IDENTIFY = "re-identify";
  static final String FAILOVER = "failover";
  static final String FACE_REFUSED = "face refused";
  static final String UNKNOWN = "unknown";
  static final String DEADLINE = "deadline";
  static final String STOP = "stop: ";
  static final String END = "end: ";
  static final String ONCE = "once";
  static final String NOT_BELIEVED = "not believed";
  static final String FORWARD = "forward";
  static final String IGNORED = "ignored";
  static final String REFUSED = "refused";
  static final String REFUSED_UNREAD = "refused unread";
  static final String NOT_APPLICABLE = "n/a";
  static final String DOWNLOADED = "downloaded";
  static final String NOT_FETCHED = "not fetched";
  static final String REFUSAL = "refusal";

  /** What each outcome means, for the report's legend. */
  static final Map<String, String> LEGEND = legend();

  private Expected() {}

  /**
   * What the gateway's failure policy prescribes for a fault of {@code row} met once in {@code phase}:
   * its decision, in the report's words. A fault met once, a retry at the same vendor meets a healthy
   * answer; the simulators look no task up by key, so a reconciliation leaves the outcome unknown.
   */
  static String outcome(Row row, Phase phase) {
    if (phase == Phase.CALLBACK || phase == Phase.DOWNLOAD) {
      throw new IllegalArgumentException("a callback's or a download's outcome is its fault's own");
    }
    if (!occurs(row, phase)) {
      throw new IllegalArgumentException(row + " does not happen in " + phase);
    }
    if (row == Row.STILL_RUNNING) {
      return POLL_ON;
    }
    String next = FailureTable.next(phase.operation(), failure(row));
    return switch (next) {
      case "RETRY" -> RETRY;
      case "WAIT" -> WAITED;
      case "POLL_AGAIN" -> POLL_ON;
      case "IDENTIFY_AGAIN" -> RE_IDENTIFY;
      case "FAIL_OVER" -> FAILOVER;
      case "RECONCILE", "OUTCOME_UNKNOWN" -> UNKNOWN;
      case "STOP" -> phase != Phase.STATUS ? STOP + row.kind().tag()
          : row == Row.NEVER_ENDS ? DEADLINE : END + row.kind().tag();
      default -> throw new IllegalStateException("the policy said " + next);
    };
  }

  /**
   * What a matrix cell must show for a fault of {@code row} met once in {@code phase} at {@code faulty},
   * the job naming ben, the second person to appear: the policy's decision ({@link #outcome(Row, Phase)}),
   * except where it moves the job from CometAPI to apimodels before CometAPI's identification answered.
   * There the job names ben by order of appearance; apimodels lists its faces without times (ben first),
   * so only the picture of ben that CometAPI's identification shows would find him there, and the fault
   * kept it from being seen: apimodels can only approximate, which the job does not accept, and the job
   * fails with {@code NotSupportedException} before anything is paid ({@link #FACE_REFUSED}).
   */
  static String outcome(Row row, Phase phase, String faulty) {
    String decided = outcome(row, phase);
    return decided.equals(FAILOVER) && phase == Phase.IDENTIFY && faulty.equals("cometapi") ? FACE_REFUSED : decided;
  }

  /**
   * Whether the matrix meets a row in a phase: an expired session or a submit's unknown outcome only at
   * the submit, a task's behaviour only where a task runs, and after the vendor created the task only
   * answers that leave the outcome unknown (the vendor's refusals say that nothing was created).
   */
  private static boolean occurs(Row row, Phase phase) {
    if (phase == Phase.CREATED) {
      return row == Row.SUBMIT_OUTCOME_UNKNOWN;
    }
    return switch (row) {
      case SUBMIT_OUTCOME_UNKNOWN, SESSION_EXPIRED -> phase == Phase.SUBMIT;
      case STILL_RUNNING, NEVER_ENDS -> phase != Phase.SUBMIT;
      case CALLBACK, DOWNLOAD -> false;
      default -> true;
    };
  }

  /**
   * The policy's row for a matrix row: the same name, except that a task (or identify task) that never
   * ends is one that outlasts its time.
   */
  private static String failure(Row row) {
    return row == Row.NEVER_ENDS ? "DEADLINE_EXCEEDED" : row.name();
  }

  /** What a callback fault must come to: the task's state only moves forward, and the job is served. */
  static String outcome(CallbackFault fault) {
    return switch (fault) {
      case DUPLICATED -> ONCE;
      case FORGED -> NOT_BELIEVED;
      case OUT_OF_ORDER -> FORWARD;
      case UNKNOWN_TASK -> IGNORED;
      case MALFORMED -> REFUSED;
      case OVERSIZED -> REFUSED_UNREAD;
    };
  }

  /** What a download fault must come to: nothing fetched from where it must not go, and no file written. */
  static String outcome(MatrixFault.DownloadFault fault) {
    return fault == MatrixFault.DownloadFault.SAME_PLACE ? DOWNLOADED : NOT_FETCHED;
  }

  private static Map<String, String> legend() {
    Map<String, String> legend = new LinkedHashMap<>();
    legend.put(RETRY, "the faulty vendor was called again (after Retry-After or backoff) and served the job");
    legend.put(WAITED, "the faulty vendor said the account's tasks in flight were at its limit (Kling 1303): the job"
        + " waited there (a WAITING event), submitted again after 1 s, and the vendor served it; nothing went"
        + " elsewhere");
    legend.put(POLL_ON, "tracking went on past the fault, and the faulty vendor served the job");
    legend.put(RE_IDENTIFY, "the faces were identified again at the faulty vendor, which then served the job");
    legend.put(FAILOVER, "the next vendor served the job, dubbing the person the job names (see"
        + " [Faces after failover](#faces-after-failover)); the faulty vendor created no task");
    legend.put(FACE_REFUSED, "the failure table moved the job to the next vendor, which could not find the named"
        + " face surely: the job names the second person to appear, apimodels lists its faces without times,"
        + " and the fault struck CometAPI's identification, so no picture of the person was seen to match;"
        + " the job failed with NotSupportedException naming apimodels, and nothing was paid anywhere (a job"
        + " that accepts approximations, `FaceMatch.ANY`, would have been served by apimodels' listing order:"
        + " the wrong person here)");
    legend.put(STOP + "<kind>", "the job failed at once with that error; nothing was sent to another vendor,"
        + " and no task exists");
    legend.put(UNKNOWN, "the job failed with SubmitOutcomeUnknownException naming the vendor and the job's"
        + " idempotency key; nothing was sent to another vendor");
    legend.put(END + "<kind>", "tracking ended with that error, which names the task; nothing was sent to"
        + " another vendor");
    legend.put(DEADLINE, "DeadlineExceededException at the job's deadline, naming the task");
    legend.put(ONCE, "the first delivery, confirmed by one status call, finished the job without a scheduled"
        + " poll; the repeat changed nothing");
    legend.put(NOT_BELIEVED, "a success with another video, posted while the task ran, was contradicted by the"
        + " status call that weighed it and changed nothing; polling served the job with the vendor's own video");
    legend.put(FORWARD, "a stale state delivered late was ignored (no step back), the terminal one was confirmed"
        + " by one status call, and the job was served");
    legend.put(IGNORED, "UNKNOWN_TASK; the job went on and was served by polling");
    legend.put(REFUSED, "MALFORMED; the job went on and was served by polling");
    legend.put(REFUSED_UNREAD, "MALFORMED before parsing (a valid, finished task's body, over 64 KiB);"
        + " the job was served by polling");
    legend.put(NOT_FETCHED, "ResultDownloader refused with DownloadException naming the URL and the rule, before"
        + " any request reached where it was led (a private address, a name resolving to one, another port or"
        + " host), or before anything but a video under the cap was saved; no file was written");
    legend.put(DOWNLOADED, "the video was fetched and saved whole under the target name");
    legend.put(NOT_APPLICABLE, "the phase does not exist at that vendor (no callbacks at alad; only apimodels"
        + " runs identification as a task)");
    legend.put(REFUSAL, "not run after create: the vendor's own refusal (its error format, with a code that means"
        + " refused) is its word that it created no task, and the gateway takes it; a vendor that created the"
        + " task and then refused would be lying, which no client can tell");
    return Collections.unmodifiableMap(legend);
  }
}
