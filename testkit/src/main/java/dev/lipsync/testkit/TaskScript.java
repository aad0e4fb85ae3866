package dev.lipsync.testkit;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the simulated tasks created from now on behave: whether they succeed, fail or never end; when
 * they finish (after a number of status polls, or after a time on the simulator's clock); and quirks
 * such as an unknown status word or a state that goes backwards.
 *
 * @param outcome how the task ends
 * @param pollsToFinish status polls before the task ends, when no time is set
 * @param timeToFinish time on the simulator's clock before the task ends, or null to count polls
 * @param failureMessage the vendor's message when the task fails
 * @param runningWord a status word to report instead of the vendor's own while running, or null
 * @param goesBack whether the task reports "queued" once more after it was running
 */
public record TaskScript(
    Outcome outcome,
    int pollsToFinish,
    @Nullable Duration timeToFinish,
    String failureMessage,
    @Nullable String runningWord,
    boolean goesBack) {

  public TaskScript {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(failureMessage, "failureMessage == null");
    if (pollsToFinish < 1) {
      throw new IllegalArgumentException("pollsToFinish < 1");
    }
  }

  /** How a simulated task ends. */
  public enum Outcome {
    SUCCEED,
    FAIL,
    NEVER_END
  }

  /** Succeeds on the second status poll. */
  public static TaskScript succeeds() {
    return new TaskScript(Outcome.SUCCEED, 2, null, "", null, false);
  }

  /** Fails on the second status poll with {@code message}. */
  public static TaskScript fails(String message) {
    return new TaskScript(Outcome.FAIL, 2, null, message, null, false);
  }

  /** Runs for ever. */
  public static TaskScript neverEnds() {
    return new TaskScript(Outcome.NEVER_END, 1, null, "", null, false);
  }

  /** The same, ending after {@code polls} status polls. */
  public TaskScript afterPolls(int polls) {
    return new TaskScript(outcome, polls, null, failureMessage, runningWord, goesBack);
  }

  /** The same, ending once {@code time} has passed on the simulator's clock, however often polled. */
  public TaskScript after(Duration time) {
    return new TaskScript(outcome, pollsToFinish, time, failureMessage, runningWord, goesBack);
  }

  /** The same, reporting {@code word} while running (a word no mapping knows, for example). */
  public TaskScript reportingWhileRunning(String word) {
    return new TaskScript(outcome, pollsToFinish, timeToFinish, failureMessage, word, goesBack);
  }

  /** The same, reporting "queued" once more after it was running. */
  public TaskScript goingBack() {
    return new TaskScript(outcome, pollsToFinish, timeToFinish, failureMessage, runningWord, true);
  }
}
