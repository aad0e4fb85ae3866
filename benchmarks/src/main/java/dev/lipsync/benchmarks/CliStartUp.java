package dev.lipsync.benchmarks;

import dev.lipsync.cometapi.CometApiProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code lipsync status REF} end to end, beside a minimal Java program making the same HTTP call: the
 * wall-clock time from starting a fresh JVM to its exit, median of five JVMs each, one unmeasured of
 * each first (so that both find the jars in the page cache). Both ask a {@link LoopbackVendor} started
 * in this JVM, configured by the command's own variables ({@code COMETAPI_KEY}, {@code
 * COMETAPI_BASE_URL}).
 *
 * <ul>
 *   <li>{@code command}: {@code dev.lipsync.cli.LipSyncCommand status cometapi:<id>}, on the class path
 *       the {@code ./lipsync} script gives it (the examples module's classes and runtime class path,
 *       passed as this harness's one argument), as the script runs it once built;
 *   <li>{@code minimal}: {@link MinimalStatus}, OkHttp + Moshi as {@link StartUp}'s raw client, on a
 *       class path of only the benchmarks jar, OkHttp, Okio, Kotlin's standard library and Moshi.
 * </ul>
 */
public final class CliStartUp {
  private static final int RUNS = 5;
  private static final String KEY = "sk-bench-cli-cometapi";

  private CliStartUp() {}

  /** Measures both; the one argument is the command's class path. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CliStartUp <the lipsync command's class path>");
    }
    List<String> command = List.of("-cp", args[0], "dev.lipsync.cli.LipSyncCommand", "status",
        CometApiProvider.ID + ":" + CannedVendor.TASK_ID);
    List<String> minimal = List.of("-cp", minimalClassPath(), MinimalStatus.class.getName(), CannedVendor.TASK_ID);
    try (LoopbackVendor vendor = LoopbackVendor.start()) {
      String baseUrl = vendor.baseUrl();
      run(command, baseUrl, "RUNNING (\"processing\")");
      run(minimal, baseUrl, "processing");
      List<Double> commandTimes = new ArrayList<>();
      List<Double> minimalTimes = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        commandTimes.add(run(command, baseUrl, "RUNNING (\"processing\")"));
        minimalTimes.add(run(minimal, baseUrl, "processing"));
      }
      Results.of("cli")
          .put("status.command_ms", median(commandTimes))
          .put("status.minimal_ms", median(minimalTimes))
          .write();
      System.out.println("lipsync status: " + commandTimes + " ms; minimal program: " + minimalTimes + " ms");
    }
  }

  /** The benchmarks jar and the four libraries {@link MinimalStatus} uses, from this JVM's class path. */
  private static String minimalClassPath() {
    List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> libraries = entries.stream()
        .filter(entry -> Stream.of("okhttp-jvm-", "okio-jvm-", "kotlin-stdlib-", "moshi-")
            .anyMatch(Path.of(entry).getFileName().toString()::startsWith))
        .toList();
    if (libraries.size() < 4) {
      throw new IllegalStateException("OkHttp, Okio, Kotlin or Moshi missing from the class path: " + entries);
    }
    return Stream.concat(Stream.of(entries.get(0)), libraries.stream()).collect(Collectors.joining(File.pathSeparator));
  }

  /** Runs one fresh JVM to its exit; returns its wall-clock milliseconds. */
  private static double run(List<String> arguments, String baseUrl, String expected)
      throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    line.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    // Only CometAPI configured, as a user asking one task's status would have it; nothing else of the
    // command's configuration inherited from the machine.
    environment.keySet().removeIf(name -> name.endsWith("_KEY") || name.endsWith("_BASE_URL")
        || name.startsWith("LIPSYNC_"));
    environment.put(CometApiProvider.KEY_VARIABLE, KEY);
    environment.put(CometApiProvider.BASE_URL_VARIABLE, baseUrl);
    long start = System.nanoTime();
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double millis = (System.nanoTime() - start) / 1e6;
    if (exit != 0 || !output.contains(expected)) {
      throw new IllegalStateException(arguments.get(2) + " exited " + exit + " saying: " + output);
    }
    return millis;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
