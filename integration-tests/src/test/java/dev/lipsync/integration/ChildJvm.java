package dev.lipsync.integration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@code main} class run in a JVM of its own, on this test's class path, its two streams read as they
 * come; for a test that kills it. Every wait is bounded. Thread-safe.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();

  private ChildJvm(Process process) {
    this.process = process;
    read(process.getInputStream(), out, "child-stdout");
    read(process.getErrorStream(), err, "child-stderr");
  }

  /**
   * Starts {@code main} with {@code args}: the java binary this JVM runs on, tuned to start fast, its
   * logging on standard error.
   */
  static ChildJvm start(Class<?> main, List<String> args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java,
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        // The test's simplelogger.properties sends every level to a file that SecretsTest scans.
        "-Dorg.slf4j.simpleLogger.logFile=System.err",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("JAVA_TOOL") || name.startsWith("JDK_JAVA"));
    try {
      return new ChildJvm(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void read(InputStream stream, StringBuffer into, String name) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          into.append(line).append('\n');
        }
      } catch (IOException e) {
        // The process is gone.
      }
    }, name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether standard output has a line equal to {@code line}. */
  boolean said(String line) {
    return ("\n" + out).contains("\n" + line + "\n");
  }

  /**
   * Waits until {@code condition} holds, at most {@code timeout}, looking every few milliseconds.
   *
   * @throws AssertionError if it does not hold in time, or the process ends first, with all it said
   */
  void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError("the child ended (exit " + process.exitValue() + ") before " + what + "\n" + this);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout + ": " + what + "\n" + this);
      }
      Thread.sleep(5);
    }
  }

  /** Kills the process at once (SIGKILL on Unix), and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the child was not gone 10 s after SIGKILL\n" + this);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "--- child stdout\n" + out + "--- child stderr\n" + err;
  }
}
