package dev.lipsync.core.gateway;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.store.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's record in the gateway's {@link JobStore}: the one place a job run writes it, each change by
 * compare-and-set over the version it wrote last. Thread-safe: a poll's answer and a cancel may end a
 * job at once, and the store keeps the first ending.
 *
 * <p>What a store that cannot be written means is decided here. Before the paid call the write is the
 * job's guarantee, so its {@link JobStoreException} reaches the run, which sends nothing more; once a
 * task is paid for, the run goes on (its result or failure carries the task) and the failed write is
 * logged with the task, so that it is on record somewhere.
 */
final class JobJournal {
  private static final Logger log = LoggerFactory.getLogger(JobJournal.class);

  private final JobStore store;
  private @Nullable JobRecord written;
  private boolean abandoned;

  JobJournal(JobStore store) {
    this.store = store;
  }

  /**
   * Writes the job's start, leased to this gateway, before anything is sent.
   *
   * @return the job already held under its key, if there is one: then nothing was written
   * @throws JobStoreException if the store cannot be written
   */
  synchronized Optional<JobRecord> start(LipSyncJob job, Lease lease, Instant now) {
    JobRecord fresh = JobRecord.started(job, now);
    if (store.insert(fresh, lease)) {
      written = fresh;
      return Optional.empty();
    }
    return Optional.of(store.find(job.idempotencyKey()).orElse(fresh));
  }

  /** Whether the job is on record: its start was written here, or its record adopted. */
  synchronized boolean recorded() {
    return written != null;
  }

  /** Goes on writing a job that another gateway started, from {@code record}, its last version. */
  synchronized void adopt(JobRecord record) {
    written = record;
  }

  /**
   * Writes nothing more: the job is left as it stands, unfinished, for the gateway that carries it on
   * (another that took it over, or the next start of this application).
   */
  synchronized void abandon() {
    abandoned = true;
  }

  /**
   * Writes that the job is now at {@code state} (before its paid call: identifying, or the intent to
   * submit) with {@code vendor} and its attempts so far.
   *
   * @throws JobStoreException if the store cannot be written: then nothing may be sent
   */
  void move(JobState state, String vendor, List<Attempt> attempts, Instant now) {
    write(record -> record.moveTo(state, vendor, null, attempts, now));
  }

  /** Writes the paid task of the attempt under way, as soon as it is known. */
  void tracking(String vendor, TaskRef taskRef, List<Attempt> attempts, Instant now) {
    writePaid(taskRef, record -> record.moveTo(JobState.RUNNING, vendor, taskRef, attempts, now));
  }

  /** Writes that the job's deadline passed while its task runs on at the vendor, still followed. */
  void overdue(String vendor, TaskRef taskRef, List<Attempt> attempts, Instant now) {
    writePaid(taskRef, record -> record.moveTo(JobState.OVERDUE, vendor, taskRef, attempts, now));
  }

  /** Writes the job's success. */
  void succeeded(LipSyncResult result, Instant now) {
    writePaid(result.taskRef(), record -> record.succeeded(result, now));
  }

  /** Writes the job's end without a video. */
  void end(JobState state, @Nullable TaskRef taskRef, List<Attempt> attempts, @Nullable FailureKind failure,
      @Nullable String message, Instant now) {
    writePaid(taskRef, record -> record.end(state, taskRef, attempts, failure, message, now));
  }

  private void writePaid(@Nullable TaskRef taskRef, UnaryOperator<JobRecord> change) {
    try {
      write(change);
    } catch (JobStoreException e) {
      log.error("The job store could not record a change of job {} (task {}); the job is not held up by it: {}",
          key(), taskRef == null ? "none" : taskRef, e.getMessage());
    }
  }

  private synchronized String key() {
    return written == null ? "(not recorded)" : written.idempotencyKey();
  }

  private synchronized void write(UnaryOperator<JobRecord> change) {
    JobRecord current = written;
    if (current == null || current.state().isTerminal() || abandoned) {
      return; // never started here (a resumed task), ended already, or left for another gateway
    }
    JobRecord next = change.apply(current);
    if (unchanged(current, next)) {
      return; // e.g. a recovered task, on record as running already: one write fewer per job taken over
    }
    if (store.replace(current, next)) {
      written = next;
    } else {
      log.warn("The record of job {} changed under this gateway; its {} was not written", current.idempotencyKey(),
          next.state());
    }
  }

  /** Whether {@code next} says nothing {@code current} does not: only its version and time differ. */
  private static boolean unchanged(JobRecord current, JobRecord next) {
    return current.state() == next.state()
        && Objects.equals(current.vendor(), next.vendor())
        && Objects.equals(current.taskRef(), next.taskRef())
        && current.attempts().equals(next.attempts())
        && current.failure() == next.failure()
        && Objects.equals(current.failureMessage(), next.failureMessage())
        && Objects.equals(current.result(), next.result());
  }
}
