package dev.lipsync.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lipsync} command run as a user runs it: a separate JVM on this test's class path, with
 * only the environment given (no key of the developer's own), its two streams read as they come. Every
 * wait is bounded.
 */
final class CommandProcess implements AutoCloseable {
  /** Marks the end of standard error in the queue of its lines. */
  private static final String END = new String("end of standard error");

  private final Process process;
  private final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
  private final StringBuffer err = new StringBuffer();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Thread errReader;
  private final Thread outReader;

  private CommandProcess(Process process) {
    this.process = process;
    this.errReader = new Thread(this::readErr, "lipsync-process-stderr");
    this.outReader = new Thread(() -> copy(process.getInputStream()), "lipsync-process-stdout");
    errReader.setDaemon(true);
    outReader.setDaemon(true);
    errReader.start();
    outReader.start();
  }

  /**
   * Starts {@code lipsync args} with {@code env} as its whole configuration; without a {@code HOME} in
   * it, with a home folder of its own under {@code target}, never the real one.
   */
  static CommandProcess start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        LipSyncCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.endsWith("_KEY") || name.endsWith("_BASE_URL")
        || name.equals("APIMODELS_VARIANT") || name.startsWith("JAVA_TOOL") || name.startsWith("JDK_JAVA")
        || name.startsWith("LIPSYNC_"));
    builder.environment().putAll(CommandLineRun.withTestHome(env));
    try {
      return new CommandProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readErr() {
    try (var reader = process.errorReader(StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        err.append(line).append('\n');
        errLines.add(line);
      }
    } catch (IOException e) {
      err.append("[test: reading standard error failed: ").append(e).append("]\n");
    } finally {
      errLines.add(END);
    }
  }

  private void copy(InputStream stream) {
    try (stream) {
      stream.transferTo(out);
    } catch (IOException e) {
      // The process is gone.
    }
  }

  /**
   * Waits until standard error has a line holding {@code text}, at most {@code timeout}; returns it.
   *
   * @throws AssertionError if none comes in time or the stream ends first, with everything said so far
   */
  String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = errLines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line == END) {
        throw new AssertionError("no line with \"" + text + "\" on standard error "
            + (line == null ? "within " + timeout : "before it ended") + ":\n" + err);
      }
      if (line.contains(text)) {
        return line;
      }
    }
  }

  /**
   * Sends SIGTERM and waits for the process to end; returns its exit code. The signal is sent through
   * {@link ProcessHandle#destroy()}: {@link Process#destroy()} sends the same signal but then closes this
   * side of the process's streams at once, losing what the process says as it ends.
   */
  int terminate(Duration timeout) throws InterruptedException {
    if (!process.toHandle().destroy()) {
      throw new AssertionError("SIGTERM could not be sent; standard error so far:\n" + err);
    }
    return waitFor(timeout);
  }

  /** Waits for the process to end, at most {@code timeout}, and for its streams to be read; its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the command did not end within " + timeout + "; standard error so far:\n" + err);
    }
    errReader.join(timeout.toMillis());
    outReader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** Standard error, as read so far (all of it after {@link #waitFor}). */
  String err() {
    return err.toString();
  }

  /** Standard output, as read so far (all of it after {@link #waitFor}). */
  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Both streams, for assertions on everything shown. */
  String all() {
    return out() + err();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "--- stdout\n" + out() + "--- stderr\n" + err();
  }
}
