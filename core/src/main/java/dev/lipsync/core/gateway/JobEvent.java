package dev.lipsync.core.gateway;

import dev.lipsync.core.model.TaskRef;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a job, told to its {@link JobListener} as it happens.
 *
 * @param type what happened
 * @param vendor the vendor concerned, or null (for a job that failed before any vendor)
 * @param taskRef the task, once submitted
 * @param message a short description for people (a reason, a state, a rule applied)
 * @param at when, on the gateway's clock
 */
public record JobEvent(Type type, @Nullable String vendor, @Nullable TaskRef taskRef, String message, Instant at) {

  public JobEvent {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(at, "at == null");
  }

  /** The kinds of event, in the order a job meets them. */
  public enum Type {
    /** Asking a vendor for the faces in the video. */
    IDENTIFYING,
    /** The vendor found the faces; the message says which were chosen and by what rule. */
    IDENTIFIED,
    /**
     * The vendor dubs fewer faces per task than the job names, so the job is planned as a chain of
     * tasks there; the message says how many and their estimated cost, before the first is paid.
     */
    PLANNED,
    /** A step of a chain finished; the message names its task and video, which the next step dubs. */
    STEP_DONE,
    /**
     * The vendor runs as many tasks at once as it allows (the gateway's limit, {@link
     * ResilienceSettings#maxTasksInFlight()}, or the vendor's word, Kling 1303): the job waits at that
     * vendor for a slot, in order, within its deadline; the message says how many are in flight and
     * waiting.
     */
    WAITING,
    /** The vendor spoke the job's text as audio, which the lip-sync is sent with; the message names it. */
    SPOKEN,
    /** The paid task was created; {@link #taskRef()} is set. */
    SUBMITTED,
    /** The vendor reports the task queued or running; the message has the vendor's word. */
    RUNNING,
    /**
     * A status poll failed in a way polling again can mend (a rate limit, an outage); tracking goes on.
     * Retries of identification and submits happen per vendor, below the job, and show in the {@code
     * lipsync.requests} meter instead.
     */
    RETRYING,
    /** The job moves on to the next vendor; the message says why. */
    FAILED_OVER,
    /** The video is ready. */
    SUCCEEDED,
    /** The job ended without a video; the message says why. */
    FAILED
  }

  @Override
  public String toString() {
    return at + " " + type + (vendor == null ? "" : " " + vendor)
        + (taskRef == null ? "" : " " + taskRef) + ": " + message;
  }
}
