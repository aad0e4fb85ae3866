package dev.lipsync.benchmarks;

import com.google.inject.Guice;
import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.guice.GatewayModule;
import dev.lipsync.core.guice.VendorModule;
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

/**
 * How long it takes to build a gateway with three vendors: with the plain builder ({@code plain}),
 * with Guice (a VendorModule per adapter and the gateway module, configured from an environment map:
 * {@code guice}), the three adapters alone without a gateway ({@code adapters}), and, as the raw
 * baseline, one OkHttp client ({@code okhttp}), which any HTTPS client pays for: the JDK's TLS set-up
 * (trust store, SSL context) and OkHttp's own classes.
 *
 * <p>Cold: each build is the first thing a fresh JVM does, so it includes loading the classes; both
 * the build itself and the time since the JVM started are recorded, median of five JVMs each. Cold
 * with AppCDS: the same, in JVMs given an archive of the loaded classes that one earlier JVM wrote at
 * exit ({@code -XX:ArchiveClassesAtExit}), the deployment's lever on class loading. Warm: the median
 * of 30 builds in one JVM after 30 unmeasured ones. Nothing is sent: building connects nowhere.
 */
public final class StartUp {
  private static final List<String> WAYS = List.of("okhttp", "adapters", "plain", "guice");
  private static final List<String> ARCHIVED_WAYS = List.of("okhttp", "plain", "guice");
  private static final int COLD_RUNS = 5;
  private static final int WARM_RUNS = 30;
  private static final Map<String, String> ENVIRONMENT = Map.of(
      CometApiProvider.KEY_VARIABLE, "sk-bench-startup-cometapi",
      ApiModelsProvider.KEY_VARIABLE, "sk-bench-startup-apimodels",
      AladProvider.KEY_VARIABLE, "sk-bench-startup-alad");

  private StartUp() {}

  /**
   * With no argument, measures every way. With {@code once <way>}, builds once in this JVM and prints
   * {@code <build ms> <ms since the JVM started>}: what the cold measurement runs in each fresh JVM.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 2 && args[0].equals("once")) {
      long start = System.nanoTime();
      build(args[1]);
      long built = System.nanoTime();
      long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      System.out.println((built - start) / 1e6 + " " + sinceJvmStart);
      return;
    }
    Path archives = Files.createTempDirectory("lipsync-startup-cds");
    for (String way : ARCHIVED_WAYS) {
      coldBuild(way, "-XX:ArchiveClassesAtExit=" + archive(archives, way));
    }
    Map<String, List<double[]>> cold = new LinkedHashMap<>();
    Map<String, List<double[]>> archived = new LinkedHashMap<>();
    for (int run = 0; run < COLD_RUNS; run++) {
      for (String way : WAYS) {
        cold.computeIfAbsent(way, w -> new ArrayList<>()).add(coldBuild(way, "-Xshare:auto"));
      }
      for (String way : ARCHIVED_WAYS) {
        archived.computeIfAbsent(way, w -> new ArrayList<>())
            .add(coldBuild(way, "-XX:SharedArchiveFile=" + archive(archives, way)));
      }
    }
    Results results = Results.of("startup");
    for (String way : WAYS) {
      List<double[]> runs = cold.get(way);
      results.put(way + ".cold_ms", median(runs.stream().map(r -> r[0]).toList()));
      results.put(way + ".cold_since_jvm_start_ms", median(runs.stream().map(r -> r[1]).toList()));
      if (archived.containsKey(way)) {
        results.put(way + ".cold_cds_ms", median(archived.get(way).stream().map(r -> r[0]).toList()));
      }
      results.put(way + ".warm_ms", warmBuild(way));
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
   * Builds in a fresh JVM started with {@code jvmOption}; returns the build's milliseconds and those
   * since that JVM started.
   */
  private static double[] coldBuild(String way, String jvmOption) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            jvmOption,
            "-cp", System.getProperty("java.class.path"),
            StartUp.class.getName(), "once", way)
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the " + way + " build failed in its JVM: " + output);
    }
    // The JVM may add its own lines (class-data sharing warns about classes it cannot archive).
    String[] figures = output.lines()
        .filter(line -> line.matches("[0-9.]+ [0-9]+"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the " + way + " build printed no figures: " + output))
        .split(" ");
    return new double[] {Double.parseDouble(figures[0]), Double.parseDouble(figures[1])};
  }

  private static double warmBuild(String way) {
    for (int i = 0; i < WARM_RUNS; i++) {
      build(way);
    }
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < WARM_RUNS; i++) {
      long start = System.nanoTime();
      build(way);
      times.add((System.nanoTime() - start) / 1e6);
    }
    return median(times);
  }

  /** Builds one way, and closes what was built: a gateway owns its scheduler thread. */
  private static void build(String way) {
    switch (way) {
      case "okhttp" -> new OkHttpClient.Builder().build();
      case "adapters" -> adapters();
      case "plain" -> {
        LipSyncGateway.Builder builder = LipSyncGateway.builder();
        adapters().forEach(builder::provider);
        builder.build().close();
      }
      case "guice" -> Guice.createInjector(
              VendorModule.of(CometApiProvider.fromEnvironment(ENVIRONMENT)),
              VendorModule.of(ApiModelsProvider.fromEnvironment(ENVIRONMENT)),
              VendorModule.of(AladProvider.fromEnvironment(ENVIRONMENT)),
              new GatewayModule())
          .getInstance(LipSyncGateway.class)
          .close();
      default -> throw new IllegalArgumentException("unknown way " + way + "; known: " + WAYS);
    }
  }

  private static List<LipSyncProvider> adapters() {
    return List.of(
        CometApiProvider.fromEnvironment(ENVIRONMENT).orElseThrow(),
        ApiModelsProvider.fromEnvironment(ENVIRONMENT).orElseThrow(),
        AladProvider.fromEnvironment(ENVIRONMENT).orElseThrow());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
