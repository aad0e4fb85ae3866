package dev.lipsync.core.store;

import dev.lipsync.core.model.TaskRef;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JobStore} in this process's memory: the gateway's default. It holds what the gateway did
 * while the process lives, and nothing survives it. Thread-safe.
 */
public final class InMemoryJobStore implements JobStore {
  private final ConcurrentMap<String, Held> jobs = new ConcurrentHashMap<>();
  /** Each vendor's most recent durations, newest first, at most {@link #DURATIONS_KEPT}; guarded by itself. */
  private final Map<String, Deque<TaskDuration>> durations = new HashMap<>();

  /** A job's record and its lease, changed together. */
  private record Held(JobRecord record, @Nullable Lease lease) {
    boolean claimableAt(Instant now) {
      return !record.state().isTerminal() && (lease == null || !lease.until().isAfter(now));
    }

    boolean heldBy(String owner) {
      return lease != null && lease.owner().equals(owner);
    }
  }

  @Override
  public boolean insert(JobRecord record, Lease lease) {
    return jobs.putIfAbsent(record.idempotencyKey(), new Held(record, lease)) == null;
  }

  @Override
  public Optional<JobRecord> find(String idempotencyKey) {
    return Optional.ofNullable(jobs.get(idempotencyKey)).map(Held::record);
  }

  @Override
  public boolean replace(JobRecord current, JobRecord next) {
    next.requireFollows(current);
    AtomicBoolean written = new AtomicBoolean();
    jobs.computeIfPresent(current.idempotencyKey(), (key, held) -> {
      if (held.record().version() != current.version() || held.record().state().isTerminal()) {
        return held;
      }
      written.set(true);
      return new Held(next, held.lease());
    });
    return written.get();
  }

  @Override
  public Optional<JobRecord> findByTask(TaskRef ref) {
    return jobs.values().stream().map(Held::record).filter(record -> ref.equals(record.taskRef())).findFirst();
  }

  @Override
  public List<JobRecord> unfinished() {
    return jobs.values().stream()
        .map(Held::record)
        .filter(record -> !record.state().isTerminal())
        .sorted(Comparator.comparing(JobRecord::createdAt).thenComparing(JobRecord::idempotencyKey))
        .toList();
  }

  @Override
  public List<JobRecord> recent(int limit) {
    requireLimit(limit);
    return jobs.values().stream()
        .map(Held::record)
        .sorted(Comparator.comparing(JobRecord::createdAt).reversed().thenComparing(JobRecord::idempotencyKey))
        .limit(limit)
        .toList();
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
  }

  @Override
  public Set<String> renew(String owner, Instant until) {
    Set<String> renewed = ConcurrentHashMap.newKeySet();
    for (String key : jobs.keySet()) {
      jobs.computeIfPresent(key, (k, held) -> {
        if (!held.heldBy(owner) || held.record().state().isTerminal()) {
          return held;
        }
        renewed.add(k);
        return new Held(held.record(), new Lease(owner, until));
      });
    }
    return Set.copyOf(renewed);
  }

  @Override
  public List<JobRecord> claim(Lease lease, Instant now, int limit) {
    List<JobRecord> claimed = new ArrayList<>();
    for (JobRecord candidate : unfinished()) {
      if (claimed.size() >= limit) {
        break;
      }
      jobs.computeIfPresent(candidate.idempotencyKey(), (key, held) -> {
        if (!held.claimableAt(now)) {
          return held;
        }
        claimed.add(held.record());
        return new Held(held.record(), lease);
      });
    }
    return claimed;
  }

  @Override
  public Optional<JobRecord> claim(String idempotencyKey, Lease lease, Instant now) {
    List<JobRecord> claimed = new ArrayList<>(1);
    jobs.computeIfPresent(idempotencyKey, (key, held) -> {
      if (!held.claimableAt(now)) {
        return held;
      }
      claimed.add(held.record());
      return new Held(held.record(), lease);
    });
    return claimed.stream().findFirst();
  }

  @Override
  public void release(String idempotencyKey, String owner) {
    jobs.computeIfPresent(idempotencyKey, (key, held) -> held.heldBy(owner) ? new Held(held.record(), null) : held);
  }

  @Override
  public void recordDuration(TaskDuration duration) {
    synchronized (durations) {
      Deque<TaskDuration> kept = durations.computeIfAbsent(duration.vendor(), vendor -> new ArrayDeque<>());
      kept.addFirst(duration);
      if (kept.size() > DURATIONS_KEPT) {
        kept.removeLast();
      }
    }
  }

  @Override
  public List<TaskDuration> durations(String vendor, int limit) {
    requireLimit(limit);
    List<TaskDuration> newest;
    synchronized (durations) {
      newest = new ArrayList<>(durations.getOrDefault(vendor, new ArrayDeque<>()));
    }
    // Recorded as tasks end, which is nearly but not always in the order of their ends.
    newest.sort(Comparator.comparing(TaskDuration::endedAt).reversed());
    return List.copyOf(newest.subList(0, Math.min(limit, newest.size())));
  }

  @Override
  public String toString() {
    return "InMemoryJobStore[" + jobs.size() + " job(s)]";
  }
}
