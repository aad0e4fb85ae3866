package dev.lipsync.cli;

import dev.lipsync.core.gateway.JobEvent;
import dev.lipsync.core.gateway.JobListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Tells a person what a job is doing. On a terminal, events scroll above a live status line that shows
 * the elapsed time and the job's latest state; elsewhere (a file, a pipe, a CI log) each event is one
 * plain line with its timestamp. The demo prefixes lines with the elapsed time instead. Thread-safe:
 * events arrive on the library's threads.
 */
final class Progress implements JobListener, AutoCloseable {
  private static final String CLEAR_LINE = "\r\033[K";

  /** How lines look. */
  enum Style {
    /** A live status line under the scrolling events, for a terminal. */
    LIVE,
    /** One line per event, with its timestamp, for logs. */
    TIMESTAMPED,
    /** One line per event, with the time elapsed since the start, for the demo. */
    ELAPSED
  }

  private final PrintStream err;
  private final Style style;
  private final boolean live;
  private final long startNanos = System.nanoTime();
  private final @Nullable ScheduledExecutorService ticker;
  private String status = "starting";

  private Progress(PrintStream err, Style style) {
    this.err = err;
    this.style = style;
    this.live = style == Style.LIVE;
    this.ticker = live ? Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "lipsync-progress");
      thread.setDaemon(true);
      return thread;
    }) : null;
    if (live) {
      ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** Progress on {@code err}: live on a terminal ({@code interactive}), timestamped lines otherwise. */
  static Progress on(PrintStream err, boolean interactive) {
    return new Progress(err, interactive ? Style.LIVE : Style.TIMESTAMPED);
  }

  /** Progress on {@code out} in {@code style}. */
  static Progress on(PrintStream out, Style style) {
    return new Progress(out, style);
  }

  /** One line of progress that is not a job event, e.g. an HTTP exchange. */
  synchronized void note(String text) {
    line(Instant.now(), text);
  }

  @Override
  public synchronized void onEvent(JobEvent event) {
    String vendor = event.vendor() == null ? "" : event.vendor();
    String task = event.taskRef() == null ? vendor : event.taskRef().toString();
    String text = switch (event.type()) {
      case IDENTIFYING -> "identifying faces at " + vendor;
      case IDENTIFIED -> "faces found at " + vendor + ": " + event.message();
      case PLANNED -> "planned: " + event.message();
      case STEP_DONE -> "step done at " + vendor + ": " + event.message();
      case WAITING -> event.message();
      case SPOKEN -> "spoken at " + vendor + ": " + event.message();
      case SUBMITTED -> "submitted to " + vendor + ": task " + task;
      case RUNNING -> task + " " + event.message();
      case RETRYING -> "retrying at " + vendor + ": " + event.message();
      case FAILED_OVER -> "failing over from " + vendor + ": " + event.message();
      case SUCCEEDED -> "done: " + task + ", " + event.message();
      case FAILED -> "failed" + (vendor.isEmpty() ? "" : " at " + vendor) + ": " + event.message();
    };
    status = event.type() == JobEvent.Type.RUNNING ? text : event.type().name().toLowerCase(Locale.ROOT) + " " + task;
    line(event.at(), text);
  }

  private void line(Instant at, String text) {
    switch (style) {
      case LIVE -> {
        err.print(CLEAR_LINE + "[" + elapsed() + "] " + text + "\n");
        redraw();
      }
      case TIMESTAMPED -> err.println(at + " " + text);
      case ELAPSED -> err.println("  [" + elapsed() + "] " + text);
    }
  }

  private synchronized void redraw() {
    err.print(CLEAR_LINE + "[" + elapsed() + "] " + status);
    err.flush();
  }

  private String elapsed() {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    return String.format("%02d:%02d", elapsed.toMinutes(), elapsed.toSecondsPart());
  }

  /** Stops the status line, leaving the terminal on a fresh line. */
  @Override
  public synchronized void close() {
    if (live) {
      ticker.shutdownNow();
      err.print(CLEAR_LINE);
      err.flush();
    }
  }
}
