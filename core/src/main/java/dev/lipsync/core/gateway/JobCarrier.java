package dev.lipsync.core.gateway;

import dev.lipsync.core.error.ErrorContext;
import dev.lipsync.core.error.GatewayClosedException;
import dev.lipsync.core.store.JobRecord;
import dev.lipsync.core.store.JobStore;
import dev.lipsync.core.store.JobStoreException;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a gateway's jobs in a store that outlives it, beside other gateways: at every beat (at start,
 * then every third of a lease) it renews the leases of the jobs it carries, lets go of any that another
 * gateway took over after its lease ran out, and takes over every job whose lease ran out, which its
 * gateway then recovers. So a job whose gateway died is carried on by another, or by the next start of
 * the same application, and no job is carried by two.
 */
final class JobCarrier {
  private static final Logger log = LoggerFactory.getLogger(JobCarrier.class);
  /** Jobs taken over per claim; a beat claims until none is left, so this bounds a statement, not a beat. */
  static final int CLAIM_BATCH = 100;

  private final JobStore store;
  private final Leasing leasing;
  private final TaskScheduler scheduler;
  /**
   * Takes up a job whose lease this gateway took over, returning its run (null if it let the job go);
   * null for a gateway that takes over none at its renewals.
   */
  private final @Nullable Function<JobRecord, @Nullable JobRun> recover;
  /** The runs of the jobs this gateway holds the lease of, by key. */
  private final Map<String, JobRun> carried = new ConcurrentHashMap<>();
  /** The runs whose task this gateway follows past the job's deadline, by key. */
  private final Map<String, JobRun> following = new ConcurrentHashMap<>();
  /** Handles on jobs that other gateways carry ({@link LipSyncGateway#job}), by key: they end with the record. */
  private final Map<String, JobRun> watched = new ConcurrentHashMap<>();
  private TaskScheduler.@Nullable Cancellable next;
  private boolean stopped;
  /** When this gateway last renewed its leases, or started: no lease of its own is older. */
  private @Nullable Instant renewed;

  /**
   * @param recover takes up a job whose lease this gateway just took (its run {@link #carry carried}
   *     before it returns, or the job {@link #letGo let go}); null to renew this gateway's own leases
   *     only
   */
  JobCarrier(JobStore store, Leasing leasing, TaskScheduler scheduler,
      @Nullable Function<JobRecord, @Nullable JobRun> recover) {
    this.store = store;
    this.leasing = leasing;
    this.scheduler = scheduler;
    this.recover = recover;
  }

  /** Beats now, then every third of a lease. */
  void start() {
    synchronized (this) {
      renewed = scheduler.now();
    }
    schedule(Duration.ZERO);
  }

  /**
   * Counts {@code run} among the jobs this gateway holds the lease of, until it ends, or, if its task
   * is then still followed past the job's deadline, until that ends.
   */
  void carry(String key, JobRun run) {
    carried.put(key, run);
    run.result().whenComplete((value, error) -> {
      carried.remove(key, run);
      if (run.followingLate()) {
        following.put(key, run);
      }
    });
  }

  /** Ends {@code run} when the record of the job, which another gateway carries, ends. */
  void watch(String key, JobRun run) {
    watched.put(key, run);
    run.result().whenComplete((value, error) -> watched.remove(key, run));
  }

  /**
   * Stops beating: the gateway is closing.
   *
   * @return the keys of the jobs carried here, whose leases to {@link #release} once their runs ended
   */
  List<String> stop() {
    synchronized (this) {
      stopped = true;
      if (next != null) {
        next.cancel();
      }
    }
    for (Map.Entry<String, JobRun> job : watched.entrySet()) {
      job.getValue().leave(new GatewayClosedException(ErrorContext.of(null), "the gateway was closed; the job goes"
          + " on at the gateway that carries it", job.getKey(), false));
    }
    following.values().forEach(JobRun::stopFollowing);
    List<String> leased = new ArrayList<>(carried.keySet());
    leased.addAll(following.keySet());
    return leased;
  }

  /** Gives up the leases of {@code keys}, so that another gateway, or the next start, takes them at once. */
  void release(List<String> keys) {
    keys.forEach(this::letGo);
  }

  /** Gives up the lease of one job, which this gateway will not carry. */
  void letGo(String key) {
    try {
      store.release(key, leasing.owner());
    } catch (JobStoreException e) {
      log.warn("The lease of job {} could not be given up; another gateway takes the job when it runs out: {}",
          key, e.getMessage());
    }
  }

  private synchronized void schedule(Duration delay) {
    if (stopped) {
      return;
    }
    try {
      next = scheduler.schedule(delay, this::beat);
    } catch (RuntimeException closing) {
      // The gateway's scheduler stopped: the gateway is closing.
    }
  }

  void beat() {
    Instant now = scheduler.now();
    try {
      renew(now);
      synchronized (this) {
        renewed = now;
      }
      if (recover != null) {
        takeOver(now, recover);
      }
    } catch (JobStoreException e) {
      // A store that is away now may be back at the next beat; the leases last three beats.
      log.warn("The job store could not be reached to renew or take over leases: {}", e.getMessage());
      if (leasesRanOut(now)) {
        letGoOfAll();
      }
    } catch (RuntimeException e) {
      log.error("Renewing or taking over leases failed", e);
    } finally {
      schedule(leasing.duration().dividedBy(3));
    }
  }

  /** Whether this gateway's leases may have run out: it last renewed them (or started) a whole lease ago. */
  private synchronized boolean leasesRanOut(Instant now) {
    return renewed != null && !now.isBefore(renewed.plus(leasing.duration()));
  }

  /**
   * Lets go of every job carried here: the store was out of reach for a whole lease, so another
   * gateway may carry them now, and one that polled on would poll a task with it. Each job goes on from
   * the store, taken over when its lease is seen to have run out (by this gateway too, once the store
   * is back); its handle here fails, saying so.
   */
  private void letGoOfAll() {
    for (Map.Entry<String, JobRun> job : Map.copyOf(carried).entrySet()) {
      job.getValue().leave(new JobStoreException("job " + job.getKey() + ": this gateway could not reach the job"
          + " store for a whole lease (" + leasing.duration().toSeconds() + " s), so it let go of the job; it goes on"
          + " from the store, where gateway.job(key) finds it"));
    }
    for (JobRun late : Map.copyOf(following).values()) {
      late.stopFollowing();
    }
    following.clear();
  }

  private void renew(Instant now) {
    // Taken before the renewal: a job started while it runs is on record with this gateway's lease, but
    // may be missing from what the renewal returns, and is not lost.
    Map<String, JobRun> carriedBefore = Map.copyOf(carried);
    following.entrySet().removeIf(job -> !job.getValue().followingLate());
    Map<String, JobRun> followingBefore = Map.copyOf(following);
    Set<String> held = store.renew(leasing.owner(), now.plus(leasing.duration()));
    for (Map.Entry<String, JobRun> job : followingBefore.entrySet()) {
      if (!held.contains(job.getKey()) && job.getValue().followingLate()) {
        log.warn("Job {}, past its deadline, was taken over by another gateway; it follows the task now", job.getKey());
        job.getValue().stopFollowing();
        following.remove(job.getKey(), job.getValue());
      }
    }
    for (Map.Entry<String, JobRun> job : carriedBefore.entrySet()) {
      if (!held.contains(job.getKey()) && !job.getValue().result().isDone()) {
        lost(job.getKey(), job.getValue());
      }
    }
    for (Map.Entry<String, JobRun> job : watched.entrySet()) {
      store.find(job.getKey()).filter(record -> record.state().isTerminal())
          .ifPresent(ended -> job.getValue().endedElsewhere(ended));
    }
  }

  /**
   * A job this gateway carries is no longer leased to it: another gateway ended it (it settled a
   * callback that reached it), and this run ends as the record says; or another took it over after
   * this one's lease ran out, and this run lets go.
   */
  private void lost(String key, JobRun run) {
    Optional<JobRecord> record = store.find(key);
    if (record.isPresent() && record.get().state().isTerminal()) {
      run.endedElsewhere(record.get());
      return;
    }
    log.warn("Job {} was taken over by another gateway after this one's lease on it ran out; it goes on there", key);
    run.handOver();
  }

  /**
   * Takes over, now, every job whose lease ran out, with {@code recover}: what a renewal does, for a
   * gateway that asks.
   *
   * @return the runs of the jobs taken over, oldest first
   */
  List<JobRun> takeOverNow(Function<JobRecord, @Nullable JobRun> recover) {
    return takeOver(scheduler.now(), recover);
  }

  /** Takes over, now, the one job with {@code key} if its lease ran out, with {@code recover}. */
  Optional<JobRun> takeOverNow(String key, Function<JobRecord, @Nullable JobRun> recover) {
    Instant now = scheduler.now();
    return store.claim(key, leasing.from(now), now).map(recover);
  }

  private List<JobRun> takeOver(Instant now, Function<JobRecord, @Nullable JobRun> recover) {
    List<JobRun> runs = new ArrayList<>();
    List<JobRecord> claimed;
    do {
      claimed = store.claim(leasing.from(now), now, CLAIM_BATCH);
      for (JobRecord record : claimed) {
        synchronized (this) {
          if (stopped) {
            letGo(record.idempotencyKey());
            continue;
          }
        }
        log.info("Taking over job {} ({}, {}) whose lease ran out", record.idempotencyKey(), record.state(),
            record.taskRef() != null ? record.taskRef() : record.vendor() != null ? record.vendor() : "no vendor yet");
        JobRun run = recover.apply(record);
        if (run != null) {
          runs.add(run);
        }
      }
    } while (claimed.size() == CLAIM_BATCH);
    return runs;
  }
}
