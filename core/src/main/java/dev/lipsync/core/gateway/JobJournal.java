package dev.lipsync.core.gateway;

import dev.lipsync.core.error.FailureKind;
import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.LipSyncJob;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's record in the gateway's {@link JobStore}: the one place a job run writes it, each change by
 * compare-and-set over the version it wrote last. Thread-safe: a poll's answer and a cancel may end a
 * job at once, and the store keeps the first ending.
 */
final class JobJournal {
  private static final Logger log = LoggerFactory.getLogger(JobJournal.class);

  private final JobStore store;
  private @Nullable JobRecord written;

  JobJournal(JobStore store) {
    this.store = store;
  }

  /**
   * Writes the job's start, before anything is sent.
   *
   * @return the job already held under its key, if there is one: then nothing was written
   */
  synchronized Optional<JobRecord> start(LipSyncJob job, Instant now) {
    JobRecord fresh = JobRecord.started(job, now);
    if (store.insert(fresh)) {
      written = fresh;
      return Optional.empty();
    }
    return Optional.of(store.find(job.idempotencyKey()).orElse(fresh));
  }

  /**
   * Writes that the job is now at {@code state} with {@code vendor}, the task of the attempt under way
   * (once known) and its attempts so far.
   */
  void move(JobState state, String vendor, @Nullable TaskRef taskRef, List<Attempt> attempts, Instant now) {
    write(record -> record.moveTo(state, vendor, taskRef, attempts, now));
  }

  /** Writes the job's success. */
  void succeeded(LipSyncResult result, Instant now) {
    write(record -> record.succeeded(result, now));
  }

  /** Writes the job's end without a video. */
  void end(JobState state, @Nullable TaskRef taskRef, List<Attempt> attempts, @Nullable FailureKind failure,
      @Nullable String message, Instant now) {
    write(record -> record.end(state, taskRef, attempts, failure, message, now));
  }

  private synchronized void write(UnaryOperator<JobRecord> change) {
    JobRecord current = written;
    if (current == null || current.state().isTerminal()) {
      return; // never started here (a resumed task), or ended already
    }
    JobRecord next = change.apply(current);
    if (store.replace(current, next)) {
      written = next;
    } else {
      log.warn("The record of job {} changed under this gateway; its {} was not written", current.idempotencyKey(),
          next.state());
    }
  }
}
