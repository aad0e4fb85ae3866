package dev.lipsync.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One task in a simulator, moving through {@code QUEUED → RUNNING → SUCCEEDED | FAILED} as it is
 * polled or as time passes, following its {@link TaskScript}. Thread-safe.
 */
public final class SimulatedTask {
  /** The states a simulated task reports, in the library's words; simulators render their vendor's. */
  public enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  private final String id;
  private final String kind;
  private final Map<String, Object> request;
  private final TaskScript script;
  private final Instant createdAt;
  private int polls;
  private State state = State.QUEUED;
  private boolean wentBack;
  private @Nullable String reportedWord;

  SimulatedTask(String id, String kind, Map<String, Object> request, TaskScript script, Instant createdAt) {
    this.id = id;
    this.kind = kind;
    // JSON may hold nulls, which Map.copyOf refuses.
    this.request = Collections.unmodifiableMap(new LinkedHashMap<>(request));
    this.script = script;
    this.createdAt = createdAt;
  }

  /** The task id the simulator gave. */
  public String id() {
    return id;
  }

  /** What the task does, in the simulator's words (e.g. {@code lipsync}, {@code identify}). */
  public String kind() {
    return kind;
  }

  /** The parsed JSON body of the request that created the task. */
  public Map<String, Object> request() {
    return request;
  }

  /** When the task was created, on the simulator's clock. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The failure message of a failed task. */
  public String failureMessage() {
    return script.failureMessage();
  }

  /** How many times the task's status was asked. */
  public synchronized int polls() {
    return polls;
  }

  /** The state as last reported, without advancing. */
  public synchronized State state() {
    return state;
  }

  /** The word to report instead of the vendor's own for the current state, or null. */
  public synchronized @Nullable String reportedWord() {
    return reportedWord;
  }

  /** Advances the task for one status query at {@code now} and returns the state to report. */
  public synchronized State poll(Instant now) {
    polls++;
    reportedWord = null;
    if (state == State.SUCCEEDED || state == State.FAILED) {
      return state;
    }
    boolean due = script.timeToFinish() != null
        ? !Duration.between(createdAt, now).minus(script.timeToFinish()).isNegative()
        : polls >= script.pollsToFinish();
    if (due && script.outcome() != TaskScript.Outcome.NEVER_END) {
      state = script.outcome() == TaskScript.Outcome.SUCCEED ? State.SUCCEEDED : State.FAILED;
      return state;
    }
    if (state == State.RUNNING && script.goesBack() && !wentBack) {
      wentBack = true;
      return State.QUEUED;
    }
    state = State.RUNNING;
    reportedWord = script.runningWord();
    return state;
  }

  /** Ends the task now (as if the vendor finished it), e.g. before delivering a callback. */
  public synchronized void finish(boolean succeeded) {
    state = succeeded ? State.SUCCEEDED : State.FAILED;
    reportedWord = null;
  }
}
