package dev.lipsync.cli;

import dev.lipsync.core.error.DeadlineExceededException;
import dev.lipsync.core.error.LipSyncException;
import dev.lipsync.core.error.NotSupportedException;
import dev.lipsync.core.error.InvalidRequestException;
import dev.lipsync.core.error.SubmitOutcomeUnknownException;
import dev.lipsync.core.gateway.JobHandle;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.ChainStep;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.ResultVideo;
import dev.lipsync.core.model.TaskRef;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * How a job ended, as {@code run} reports it (text or JSON) and the exit code it maps to.
 *
 * @param state {@code SUCCEEDED}, {@code FAILED}, or {@code UNKNOWN} when a task may exist whose end is
 *     not known (a submit without an answer, or the deadline passed while it ran)
 * @param vendor the vendor that made the video, or the last one tried
 * @param taskRef the paid task, when one is known
 * @param videos the result videos
 * @param faceRules for each dub, how its face was found (exactly, by picture, ...), in words
 * @param steps the paid tasks of a job dubbed as a chain: every step of a finished job, or the steps
 *     finished before the failure that ended it
 * @param attempts every vendor tried, in order
 * @param estimatedCostUsd the estimated cost, when the vendor's price is known
 * @param billedUnits what the vendor reported it billed, in its own units, when it did
 * @param idempotencyKey the job's idempotency key
 * @param error what went wrong, or null
 * @param exitCode the process's exit code
 */
record RunReport(
    State state,
    @Nullable String vendor,
    @Nullable TaskRef taskRef,
    List<ResultVideo> videos,
    List<String> faceRules,
    List<ChainStep> steps,
    List<Attempt> attempts,
    @Nullable BigDecimal estimatedCostUsd,
    @Nullable BigDecimal billedUnits,
    @Nullable String idempotencyKey,
    @Nullable Failure error,
    int exitCode) {

  /** How the job ended. */
  enum State {
    SUCCEEDED,
    FAILED,
    UNKNOWN
  }

  /** What went wrong: a {@code type} (the failure kind's tag, e.g. {@code authentication}) and a message. */
  record Failure(String type, String message) {}

  static RunReport succeeded(LipSyncResult result) {
    return new RunReport(State.SUCCEEDED, result.vendor(), result.taskRef(), result.videos(), result.faceRules(),
        result.steps(), result.attempts(),
        result.estimatedCostUsd(), result.billedUnits(), result.idempotencyKey(), null, ExitCodes.SUCCEEDED);
  }

  /**
   * The report of a job that ended with {@code error}.
   *
   * @param attempts the vendors tried before it ended
   * @param taskRef the task the job knew of, if any
   * @param idempotencyKey the job's key
   */
  static RunReport failed(
      Throwable error, List<Attempt> attempts, @Nullable TaskRef taskRef, @Nullable String idempotencyKey) {
    String vendor = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).vendor();
    List<ChainStep> steps = List.of();
    if (error instanceof LipSyncException e) {
      steps = e.finishedSteps();
      vendor = e.vendor() != null ? e.vendor() : vendor;
      taskRef = e.taskRef().orElse(taskRef);
      if (e instanceof SubmitOutcomeUnknownException unknown && unknown.idempotencyKey() != null) {
        idempotencyKey = unknown.idempotencyKey();
      }
    }
    State state = error instanceof SubmitOutcomeUnknownException || error instanceof DeadlineExceededException
        ? State.UNKNOWN : State.FAILED;
    return new RunReport(state, vendor, taskRef, List.of(), List.of(), steps, attempts, null, null, idempotencyKey,
        failure(error), exitCode(error, attempts.isEmpty()));
  }

  /** The report of a job once its handle's result is in: what {@code run} and {@code resume} print. */
  static RunReport awaited(JobHandle handle) {
    try {
      return succeeded(handle.result().join());
    } catch (CompletionException | CancellationException e) {
      return failed(LipSyncException.causeOf(e), handle.attempts(), handle.taskRef().orElse(null),
          handle.idempotencyKey());
    }
  }

  /** The report of input refused before anything was sent. */
  static RunReport refused(InputError error) {
    return new RunReport(State.FAILED, null, null, List.of(), List.of(), List.of(), List.of(), null, null, null,
        new Failure("invalid-input", error.getMessage()), ExitCodes.INVALID_INPUT);
  }

  static Failure failure(Throwable error) {
    if (error instanceof LipSyncException e) {
      return new Failure(e.kind().tag(), e.getMessage());
    }
    return new Failure("internal", String.valueOf(error));
  }

  /**
   * The exit code for a job ended by {@code error}: 2 when the library refused the job before sending
   * anything, 4 when a submit's outcome is unknown, 3 when the job failed, 1 for anything else (such as
   * the deadline passing while the task still ran).
   */
  static int exitCode(Throwable error, boolean nothingSent) {
    if (error instanceof SubmitOutcomeUnknownException) {
      return ExitCodes.OUTCOME_UNKNOWN;
    }
    if (nothingSent && (error instanceof InvalidRequestException || error instanceof NotSupportedException)) {
      return ExitCodes.INVALID_INPUT;
    }
    if (error instanceof DeadlineExceededException || !(error instanceof LipSyncException)) {
      return ExitCodes.OTHER;
    }
    return ExitCodes.FAILED;
  }
}
