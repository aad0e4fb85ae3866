package dev.lipsync.benchmarks;

import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A store that counts the statements the gateway sends through it, so that a harness can say how many
 * writes and reads a job costs. Thread-safe as the store it wraps.
 */
final class CountingStore implements JobStore {
  private final JobStore store;
  private final LongAdder writes = new LongAdder();
  private final LongAdder reads = new LongAdder();

  CountingStore(JobStore store) {
    this.store = store;
  }

  /** Inserts, replaces, renewals, claims and releases so far. */
  long writes() {
    return writes.sum();
  }

  /** Finds and listings so far. */
  long reads() {
    return reads.sum();
  }

  @Override
  public boolean insert(JobRecord record, Lease lease) {
    writes.increment();
    return store.insert(record, lease);
  }

  @Override
  public Optional<JobRecord> find(String idempotencyKey) {
    reads.increment();
    return store.find(idempotencyKey);
  }

  @Override
  public boolean replace(JobRecord current, JobRecord next) {
    writes.increment();
    return store.replace(current, next);
  }

  @Override
  public Optional<JobRecord> findByTask(TaskRef ref) {
    reads.increment();
    return store.findByTask(ref);
  }

  @Override
  public List<JobRecord> unfinished() {
    reads.increment();
    return store.unfinished();
  }

  @Override
  public List<JobRecord> recent(int limit) {
    reads.increment();
    return store.recent(limit);
  }

  @Override
  public Set<String> renew(String owner, Instant until) {
    writes.increment();
    return store.renew(owner, until);
  }

  @Override
  public List<JobRecord> claim(Lease lease, Instant now, int limit) {
    writes.increment();
    return store.claim(lease, now, limit);
  }

  @Override
  public Optional<JobRecord> claim(String idempotencyKey, Lease lease, Instant now) {
    writes.increment();
    return store.claim(idempotencyKey, lease, now);
  }

  @Override
  public void release(String idempotencyKey, String owner) {
    writes.increment();
    store.release(idempotencyKey, owner);
  }

  @Override
  public String toString() {
    return "Counting(" + store + ")";
  }
}
