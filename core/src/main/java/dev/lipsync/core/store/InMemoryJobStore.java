package dev.lipsync.core.store;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link JobStore} in this process's memory: the gateway's default. It holds what the gateway did
 * while the process lives, and nothing survives it. Thread-safe.
 */
public final class InMemoryJobStore implements JobStore {
  private final ConcurrentMap<String, JobRecord> jobs = new ConcurrentHashMap<>();

  @Override
  public boolean insert(JobRecord record) {
    return jobs.putIfAbsent(record.idempotencyKey(), record) == null;
  }

  @Override
  public Optional<JobRecord> find(String idempotencyKey) {
    return Optional.ofNullable(jobs.get(idempotencyKey));
  }

  @Override
  public boolean replace(JobRecord current, JobRecord next) {
    next.requireFollows(current);
    AtomicBoolean written = new AtomicBoolean();
    jobs.computeIfPresent(current.idempotencyKey(), (key, held) -> {
      if (held.version() != current.version() || held.state().isTerminal()) {
        return held;
      }
      written.set(true);
      return next;
    });
    return written.get();
  }

  @Override
  public List<JobRecord> unfinished() {
    return jobs.values().stream()
        .filter(record -> !record.state().isTerminal())
        .sorted(Comparator.comparing(JobRecord::createdAt))
        .toList();
  }

  @Override
  public String toString() {
    return "InMemoryJobStore[" + jobs.size() + " job(s)]";
  }
}
