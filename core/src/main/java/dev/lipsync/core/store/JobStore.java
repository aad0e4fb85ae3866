package dev.lipsync.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Where the gateway keeps its jobs. The gateway writes a job when it starts, again before its paid
 * submit (the intent: vendor and key), as soon as its task is known, and when it ends, so that what was
 * paid for is on record wherever the job got to. Every change replaces the record by compare-and-set on
 * its version: a state only moves forward, and exactly one writer wins an ending.
 *
 * <p>Implementations must be thread-safe; the gateway calls them from its own threads and the HTTP
 * client's. Any method may throw {@link JobStoreException} when the store cannot be read or written.
 * {@link InMemoryJobStore} is the default; {@code lipsync-store-jdbc} keeps jobs in SQLite or
 * PostgreSQL.
 */
public interface JobStore {

  /**
   * Adds a job not held yet.
   *
   * @return false, changing nothing, if a job with the same key is held
   */
  boolean insert(JobRecord record);

  /** The job with {@code idempotencyKey}, if held. */
  Optional<JobRecord> find(String idempotencyKey);

  /**
   * Replaces {@code current} with {@code next}, if the held record is still {@code current}'s version:
   * compare-and-set.
   *
   * @return whether {@code next} was written; false when another writer changed the job first, or when
   *     the held job has ended
   * @throws IllegalArgumentException if {@code next} is not the version after {@code current}, or
   *     another job
   */
  boolean replace(JobRecord current, JobRecord next);

  /** The jobs not ended yet, oldest first. */
  List<JobRecord> unfinished();
}
