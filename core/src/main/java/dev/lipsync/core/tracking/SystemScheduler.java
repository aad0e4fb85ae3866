package dev.lipsync.core.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link TaskScheduler}: the system clock and one daemon thread that wakes polls. One thread
 * serves any number of tasks because an action only starts an asynchronous call. Thread-safe; {@link
 * #close()} stops the thread.
 */
public final class SystemScheduler implements TaskScheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final Clock clock;
  private final ScheduledThreadPoolExecutor executor;

  /** A scheduler on the system UTC clock. */
  public SystemScheduler() {
    this(Clock.systemUTC());
  }

  /** A scheduler reading time from {@code clock} (for delays it always uses real time). */
  public SystemScheduler(Clock clock) {
    this.clock = clock;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "lipsync-scheduler-" + COUNT.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    var future =
        executor.schedule(
            () -> {
              try {
                action.run();
              } catch (RuntimeException e) {
                // An escaped exception would be swallowed by the executor; say it instead.
                log.error("A scheduled action failed", e);
              }
            },
            TaskScheduler.nanos(delay),
            TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
