package dev.lipsync.core.store;

import dev.lipsync.core.model.TaskRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the gateway keeps its jobs. The gateway writes a job when it starts, again before its paid
 * submit (the intent: vendor and key), as soon as its task is known, and when it ends, so that what was
 * paid for is on record wherever the job got to. Every change replaces the record by compare-and-set on
 * its version: a state only moves forward, and exactly one writer wins an ending. Beside its record,
 * a job has a {@link Lease}: the gateway that carries it, which renews it while it lives; a job whose
 * lease ran out is taken over by another gateway on the same store.
 *
 * <p>Implementations must be thread-safe; the gateway calls them from its own threads and the HTTP
 * client's. Any method may throw {@link JobStoreException} when the store cannot be read or written.
 * {@link InMemoryJobStore} is the default; {@code lipsync-store-jdbc} keeps jobs in SQLite or
 * PostgreSQL.
 *
 * <p>A store may also keep how long tasks took ({@link #recordDuration}, {@link #durations}), so that
 * every gateway on it places its polls around where tasks of each vendor end, and that knowledge
 * survives restarts. Both methods have defaults that keep nothing: a store written before them still
 * works, and its gateways learn only in memory.
 */
public interface JobStore {

  /**
   * Adds a job not held yet, leased to the gateway that starts it.
   *
   * @return false, changing nothing, if a job with the same key is held
   */
  boolean insert(JobRecord record, Lease lease);

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

  /**
   * The job whose task (of its attempt under way, or the one it ended with) is {@code ref}, if held:
   * how a gateway that a vendor's callback reached finds a job that another gateway carries.
   */
  Optional<JobRecord> findByTask(TaskRef ref);

  /** The jobs not ended yet, oldest first. */
  List<JobRecord> unfinished();

  /**
   * The {@code limit} jobs created last, ended or not, newest first; jobs created in the same
   * millisecond in the order of their keys. For a look at what a store holds, such as {@code lipsync
   * jobs}.
   *
   * @throws IllegalArgumentException if {@code limit} is less than 1
   */
  List<JobRecord> recent(int limit);

  /**
   * Extends every lease {@code owner} holds on a job not ended to {@code until}: the heartbeat of a
   * gateway that lives.
   *
   * @return the keys of the jobs {@code owner} still holds; a job it carries that is missing was taken
   *     over by another gateway after its lease ran out, and must no longer be carried here
   */
  Set<String> renew(String owner, Instant until);

  /**
   * Takes over, for {@code lease}, up to {@code limit} jobs not ended whose lease ran out by {@code now}
   * (or that have none), oldest first. Two gateways claiming at once never get the same job.
   *
   * @return the jobs taken over, oldest first
   */
  List<JobRecord> claim(Lease lease, Instant now, int limit);

  /**
   * Takes over, for {@code lease}, the one job with {@code idempotencyKey}, if it has not ended and its
   * lease ran out by {@code now} (or it has none): {@link #claim} for one job a user names.
   *
   * @return the job taken over; empty if no such job is held, it ended, or another gateway holds it
   */
  Optional<JobRecord> claim(String idempotencyKey, Lease lease, Instant now);

  /**
   * Gives up {@code owner}'s lease on a job, so that another gateway may take it over at once (a gateway
   * closing with jobs in flight). Does nothing if {@code owner} does not hold it.
   */
  void release(String idempotencyKey, String owner);

  /**
   * Keeps how long a task took, beside the others of its vendor. A store may forget old ones, but keeps
   * at least the {@value #DURATIONS_KEPT} most recent of each vendor. The default keeps nothing.
   */
  default void recordDuration(TaskDuration duration) {}

  /**
   * The {@code limit} most recent durations of {@code vendor}'s tasks, newest first (by {@link
   * TaskDuration#endedAt()}), as any gateway on this store recorded them. The default holds none.
   *
   * @throws IllegalArgumentException if {@code limit} is less than 1
   */
  default List<TaskDuration> durations(String vendor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    return List.of();
  }

  /** How many of each vendor's most recent durations a store keeps at least. */
  int DURATIONS_KEPT = 1000;
}
