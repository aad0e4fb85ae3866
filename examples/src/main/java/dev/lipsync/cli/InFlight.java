package dev.lipsync.cli;

import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobListener;
import dev.lipsync.core.model.TaskRef;
import java.io.PrintStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code run} knows of its job while the job is in flight, so that a process that dies still leaves
 * a way to find what it paid for. Jobs are not durable yet: a task created just before the process ends
 * would otherwise be lost with its ref.
 *
 * <ul>
 *   <li>Before each paid submit (the {@link JobEvent.Type#IDENTIFIED} event, which the gateway tells just
 *       before it submits at that vendor), one line on standard error names the vendor and the job's
 *       idempotency key: all there is to find the task by if the process is killed ({@code SIGKILL}) now.
 *   <li>While it is registered, a shutdown hook ({@code SIGTERM}, Ctrl-C) prints what is known: the task's
 *       ref once created, else the vendor and key of a submit under way. It waits at most {@link
 *       #HOOK_WAIT_MS} for standard error, so it never holds the process up.
 * </ul>
 *
 * <p>Everything goes to the masked standard error of the run, never to standard output (which holds one
 * JSON object with {@code --json}). Thread-safe: events arrive on the library's threads.
 */
final class InFlight implements JobListener, AutoCloseable {
  /** The longest the shutdown hook waits to print. */
  static final long HOOK_WAIT_MS = 2_000;

  /** Where the job stands, as far as paying goes. */
  private record Known(@Nullable String vendor, boolean submitting, @Nullable TaskRef taskRef) {}

  private final String idempotencyKey;
  private final Progress progress;
  private final PrintStream err;
  private final Thread hook;
  private volatile Known known = new Known(null, false, null);

  private InFlight(String idempotencyKey, Progress progress, PrintStream err) {
    this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    this.progress = progress;
    this.err = err;
    this.hook = new Thread(this::interrupted, "lipsync-interrupted");
  }

  /**
   * Watches the job of {@code idempotencyKey}, telling of its events on {@code progress}, until {@link
   * #close()}; the shutdown hook prints on {@code err}.
   */
  static InFlight watch(String idempotencyKey, Progress progress, PrintStream err) {
    InFlight inFlight = new InFlight(idempotencyKey, progress, err);
    Runtime.getRuntime().addShutdownHook(inFlight.hook);
    return inFlight;
  }

  @Override
  public synchronized void onEvent(JobEvent event) {
    // What is known changes before anything is printed: whoever reads a line (a person, a test) and
    // stops the process then finds the shutdown hook knowing at least as much as the line said.
    Known now = known;
    known = switch (event.type()) {
      case IDENTIFYING -> new Known(event.vendor(), false, null);
      case IDENTIFIED -> new Known(event.vendor(), true, null);
      case SUBMITTED -> new Known(event.vendor(), false, event.taskRef());
      // The job moves on: the task there failed, or none was created.
      case FAILED_OVER -> new Known(now.vendor(), false, null);
      // RUNNING, RETRYING, SUCCEEDED, FAILED: what is known stays (an unknown submit outcome included).
      default -> now;
    };
    progress.onEvent(event);
    if (event.type() == JobEvent.Type.IDENTIFIED) {
      progress.note("submitting to " + event.vendor() + " with idempotency key " + idempotencyKey
          + ": if this process dies now, look for that key at " + event.vendor() + " before running the job again");
    }
  }

  /** What the process leaves behind if it ends now, as one line. */
  String whatIsKnown() {
    Known now = known;
    if (now.taskRef() != null) {
      return "interrupted: task " + now.taskRef() + " was created at " + now.vendor() + " (idempotency key "
          + idempotencyKey + "); follow it with `lipsync status " + now.taskRef() + "`";
    }
    if (now.submitting()) {
      return "interrupted while submitting to " + now.vendor() + " with idempotency key " + idempotencyKey
          + ": a paid task may exist there; look for that key at " + now.vendor() + " before running the job again";
    }
    return "interrupted before any task was submitted (idempotency key " + idempotencyKey + ")";
  }

  /** The shutdown hook: prints what is known, waiting for standard error at most {@link #HOOK_WAIT_MS}. */
  private void interrupted() {
    String line = "lipsync run: " + whatIsKnown();
    // Another thread may hold standard error (a pipe nobody reads): a daemon thread writes, so the hook
    // can give up on it and the JVM still exits.
    Thread writer = new Thread(() -> {
      progress.close();
      err.println(line);
      err.flush();
    }, "lipsync-interrupted-writer");
    writer.setDaemon(true);
    writer.start();
    try {
      writer.join(HOOK_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops watching: the shutdown hook is removed (the run ends and reports by itself). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs, or ran: it told what was known.
    }
  }
}
