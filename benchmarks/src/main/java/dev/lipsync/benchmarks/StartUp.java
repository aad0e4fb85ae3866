package dev.lipsync.benchmarks;

import com.google.inject.Guice;
import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.guice.GatewayModule;
import dev.lipsync.core.guice.VendorModule;
import dev.lipsync.core.model.TaskRef;
import dev.lipsync.core.model.TaskSnapshot;
import dev.lipsync.core.model.TaskState;
import dev.lipsync.core.provider.LipSyncProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * How long it takes to build a gateway with three vendors and make its first request, a status call
 * to CometAPI: with the plain builder ({@code plain}), with Guice (a VendorModule per adapter and the
 * gateway module, configured from an environment map: {@code guice}), the three adapters alone
 * without a gateway, the status asked of CometAPI's adapter ({@code adapters}), and, as the raw
 * baseline, one OkHttp client making the same request and reading the answer with Moshi ({@code
 * okhttp}), which any client of the vendor pays for: the JDK's networking, OkHttp's and Kotlin's
 * classes, Moshi's.
 *
 * <p>Every way asks a {@link LoopbackVendor} started in this JVM, whose URL the measured JVMs are given,
 * so that none of them loads the server's classes. Cold: building and the first request are the first
 * thing a fresh JVM does, so they include loading the classes; the time to the answer, the part of it
 * spent building, and the time from the JVM's start to the answer are recorded, median of five JVMs
 * each. Cold with AppCDS: the same, in JVMs given an archive of the loaded classes that one earlier
 * JVM wrote at exit ({@code -XX:ArchiveClassesAtExit}), the deployment's lever on class loading. Warm:
 * the median of 30 builds and first requests in one JVM after 30 unmeasured ones (the gateway's
 * shared HTTP client keeps its connection from one to the next; the raw client's is new each time).
 */
public final class StartUp {
  private static final List<String> WAYS = List.of("okhttp", "adapters", "plain", "guice");
  private static final List<String> ARCHIVED_WAYS = List.of("okhttp", "plain", "guice");
  private static final int COLD_RUNS = 5;
  private static final int WARM_RUNS = 30;

  private StartUp() {}

  /**
   * With no argument, measures every way. With {@code once <way> <base URL>}, builds and asks once in
   * this JVM and prints {@code <ms to the answer> <ms since the JVM started> <ms building>}: what the
   * cold measurement runs in each fresh JVM.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 3 && args[0].equals("once")) {
      long start = System.nanoTime();
      long built = firstRequest(args[1], args[2]);
      long answered = System.nanoTime();
      long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      System.out.println((answered - start) / 1e6 + " " + sinceJvmStart + " " + (built - start) / 1e6);
      return;
    }
    try (LoopbackVendor vendor = LoopbackVendor.start()) {
      measure(vendor.baseUrl());
    }
  }

  private static void measure(String baseUrl) throws IOException, InterruptedException {
    Path archives = Files.createTempDirectory("lipsync-startup-cds");
    for (String way : ARCHIVED_WAYS) {
      cold(way, baseUrl, "-XX:ArchiveClassesAtExit=" + archive(archives, way));
    }
    Map<String, List<double[]>> cold = new LinkedHashMap<>();
    Map<String, List<double[]>> archived = new LinkedHashMap<>();
    for (int run = 0; run < COLD_RUNS; run++) {
      for (String way : WAYS) {
        cold.computeIfAbsent(way, w -> new ArrayList<>()).add(cold(way, baseUrl, "-Xshare:auto"));
      }
      for (String way : ARCHIVED_WAYS) {
        archived.computeIfAbsent(way, w -> new ArrayList<>())
            .add(cold(way, baseUrl, "-XX:SharedArchiveFile=" + archive(archives, way)));
      }
    }
    Results results = Results.of("startup");
    for (String way : WAYS) {
      List<double[]> runs = cold.get(way);
      results.put(way + ".cold_ms", median(runs.stream().map(r -> r[0]).toList()));
      results.put(way + ".cold_since_jvm_start_ms", median(runs.stream().map(r -> r[1]).toList()));
      results.put(way + ".cold_build_ms", median(runs.stream().map(r -> r[2]).toList()));
      if (archived.containsKey(way)) {
        results.put(way + ".cold_cds_ms", median(archived.get(way).stream().map(r -> r[0]).toList()));
      }
      results.put(way + ".warm_ms", warm(way, baseUrl));
    }
    results.write();
    for (String way : ARCHIVED_WAYS) {
      Files.deleteIfExists(Path.of(archive(archives, way)));
    }
    Files.delete(archives);
  }

  private static String archive(Path archives, String way) {
    return archives.resolve(way + ".jsa").toString();
  }

  /**
   * Builds and asks in a fresh JVM started with {@code jvmOption}; returns the milliseconds to the
   * answer, those since that JVM started, and those spent building.
   */
  private static double[] cold(String way, String baseUrl, String jvmOption) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            jvmOption,
            "-cp", System.getProperty("java.class.path"),
            StartUp.class.getName(), "once", way, baseUrl)
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the " + way + " way failed in its JVM: " + output);
    }
    // The JVM may add its own lines (class-data sharing warns about classes it cannot archive).
    String[] figures = output.lines()
        .filter(line -> line.matches("[0-9.]+ [0-9]+ [0-9.]+"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the " + way + " way printed no figures: " + output))
        .split(" ");
    return new double[] {Double.parseDouble(figures[0]), Double.parseDouble(figures[1]), Double.parseDouble(figures[2])};
  }

  private static double warm(String way, String baseUrl) {
    for (int i = 0; i < WARM_RUNS; i++) {
      firstRequest(way, baseUrl);
    }
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < WARM_RUNS; i++) {
      long start = System.nanoTime();
      firstRequest(way, baseUrl);
      times.add((System.nanoTime() - start) / 1e6);
    }
    return median(times);
  }

  /**
   * Builds one way, asks the status of {@link CannedVendor#TASK_ID} at CometAPI, checks the answer, and
   * closes what was built (a gateway owns its scheduler thread). Returns {@link System#nanoTime()} when
   * the building was done and the request not yet made.
   */
  private static long firstRequest(String way, String baseUrl) {
    Map<String, String> environment = Map.of(
        CometApiProvider.KEY_VARIABLE, "sk-bench-startup-cometapi",
        CometApiProvider.BASE_URL_VARIABLE, baseUrl,
        ApiModelsProvider.KEY_VARIABLE, "sk-bench-startup-apimodels",
        AladProvider.KEY_VARIABLE, "sk-bench-startup-alad");
    TaskRef task = new TaskRef(CometApiProvider.ID, CannedVendor.TASK_ID);
    long built;
    TaskSnapshot snapshot;
    switch (way) {
      case "okhttp" -> {
        return raw(baseUrl);
      }
      case "adapters" -> {
        List<LipSyncProvider> adapters = adapters(environment);
        built = System.nanoTime();
        snapshot = adapters.get(0).status(task).join();
      }
      case "plain" -> {
        LipSyncGateway.Builder builder = LipSyncGateway.builder();
        adapters(environment).forEach(builder::provider);
        try (LipSyncGateway gateway = builder.build()) {
          built = System.nanoTime();
          snapshot = gateway.status(task).join();
        }
      }
      case "guice" -> {
        try (LipSyncGateway gateway = Guice.createInjector(
                VendorModule.of(CometApiProvider.fromEnvironment(environment)),
                VendorModule.of(ApiModelsProvider.fromEnvironment(environment)),
                VendorModule.of(AladProvider.fromEnvironment(environment)),
                new GatewayModule())
            .getInstance(LipSyncGateway.class)) {
          built = System.nanoTime();
          snapshot = gateway.status(task).join();
        }
      }
      default -> throw new IllegalArgumentException("unknown way " + way + "; known: " + WAYS);
    }
    if (snapshot.state() != TaskState.RUNNING) {
      throw new IllegalStateException("the " + way + " way read " + snapshot + ", not a running task");
    }
    return built;
  }

  /** The raw baseline: one OkHttp client, one GET, the answer read into maps by Moshi. */
  private static long raw(String baseUrl) {
    OkHttpClient client = new OkHttpClient();
    long built = System.nanoTime();
    Request request = new Request.Builder()
        .url(baseUrl + CannedVendor.STATUS_PATH)
        .header("Authorization", "Bearer sk-bench-startup-cometapi")
        .build();
    try (Response response = client.newCall(request).execute()) {
      Map<String, Object> answer = RawJson.MAP.fromJson(response.body().source());
      Object data = answer == null ? null : answer.get("data");
      if (!response.isSuccessful() || !(data instanceof Map<?, ?> task) || !"processing".equals(task.get("task_status"))) {
        throw new IllegalStateException("the raw client read HTTP " + response.code() + ": " + answer);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the raw client's request failed", e);
    } finally {
      // A new client each time, as in a fresh JVM: no connection is kept for the next warm run.
      client.connectionPool().evictAll();
    }
    return built;
  }

  private static List<LipSyncProvider> adapters(Map<String, String> environment) {
    return List.of(
        CometApiProvider.fromEnvironment(environment).orElseThrow(),
        ApiModelsProvider.fromEnvironment(environment).orElseThrow(),
        AladProvider.fromEnvironment(environment).orElseThrow());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
