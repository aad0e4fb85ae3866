package dev.lipsync.core.gateway;

import dev.lipsync.core.model.Attempt;
import dev.lipsync.core.model.LipSyncResult;
import dev.lipsync.core.model.TaskRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A job in flight: its result to come, where it stands, the task once submitted, and a way to stop it.
 *
 * <pre>{@code
 * JobHandle handle = gateway.run(job, event -> log.info("{}", event));
 * store(handle.taskRef());                 // once SUBMITTED: resume(ref) after a restart
 * LipSyncResult result = handle.result().join();
 * }</pre>
 *
 * <p>The result fails with the library's typed errors: {@link
 * dev.lipsync.core.error.SubmitOutcomeUnknownException} when a paid task may exist (its vendor and the
 * job's idempotency key are in it), and any error after a task was created names the task. Thread-safe.
 */
public final class JobHandle {
  private final JobRun run;

  JobHandle(JobRun run) {
    this.run = run;
  }

  /** Completes with the finished job, or fails with the error that ended it. */
  public CompletableFuture<LipSyncResult> result() {
    return run.result();
  }

  /** Where the job stands now. */
  public JobState state() {
    return run.state();
  }

  /** The task, once one was created. Store it to {@link LipSyncGateway#resume resume} after a restart. */
  public Optional<TaskRef> taskRef() {
    return Optional.ofNullable(run.taskRef());
  }

  /** The job's idempotency key, or null for a resumed task. */
  public @Nullable String idempotencyKey() {
    return run.idempotencyKey();
  }

  /** The vendors tried so far and how each attempt ended. */
  public List<Attempt> attempts() {
    return run.attempts();
  }

  /**
   * Stops the job: tracking ends at once, and the vendor is asked to cancel the task where it has a
   * cancel call (none of the current vendors has; the task then runs on at the vendor, and is paid).
   * The result fails with {@link java.util.concurrent.CancellationException}.
   */
  public void cancel() {
    run.cancel();
  }
}
