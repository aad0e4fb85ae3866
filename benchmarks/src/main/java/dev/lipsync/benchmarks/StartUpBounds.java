package dev.lipsync.benchmarks;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.LoggerFactory;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import retrofit2.http.GET;

/**
 * What the libraries the gateway is built on cost a fresh JVM by themselves: the bound below which
 * {@link StartUp}'s cold figures cannot go while the gateway uses them. In each fresh JVM, first the
 * raw client's request ({@link StartUp}'s {@code okhttp} way: OkHttp, Moshi, one status call to a
 * {@link LoopbackVendor}), then one library used as the gateway uses it, timed alone:
 *
 * <ul>
 *   <li>{@code micrometer}: a {@link SimpleMeterRegistry} with a timer, a counter and a gauge;
 *   <li>{@code failsafe}: a retry policy, a circuit breaker and a timeout, one asynchronous execution
 *       through them on a scheduler;
 *   <li>{@code retrofit}: Retrofit with Moshi's converter over the same client, one interface and one
 *       call (on the connection the raw request opened);
 *   <li>{@code slf4j}: a logger found and asked once;
 *   <li>{@code together}: the four above, one after the other in the same JVM, which share some of
 *       the JDK's classes: what the plain gateway's first request cannot do without;
 *   <li>{@code guice}: an injector of no module's bindings, asked once.
 * </ul>
 *
 * Median of five JVMs each, the libraries interleaved. Records {@code raw_ms} (the raw request, all
 * runs) and {@code <library>.added_ms}.
 */
public final class StartUpBounds {
  private static final List<String> LIBRARIES =
      List.of("micrometer", "failsafe", "retrofit", "slf4j", "together", "guice");
  /** The libraries the plain gateway's first request goes through, measured one by one and {@code together}. */
  private static final List<String> FIRST_REQUEST = List.of("micrometer", "failsafe", "retrofit", "slf4j");
  private static final int RUNS = 5;

  private StartUpBounds() {}

  /** The status call, as Retrofit sees it. */
  interface StatusApi {
    @GET("kling/v1/videos/advanced-lip-sync/" + CannedVendor.TASK_ID)
    retrofit2.Call<Map<String, Object>> status();
  }

  /**
   * With no argument, measures every library. With {@code once <library> <base URL>}, prints {@code
   * <ms of the raw request> <ms the library added>}.
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("once")) {
      long start = System.nanoTime();
      OkHttpClient client = new OkHttpClient();
      try (Response response = client.newCall(new Request.Builder()
          .url(args[2] + CannedVendor.STATUS_PATH).build()).execute()) {
        RawJson.MAP.fromJson(response.body().source());
      }
      long raw = System.nanoTime();
      use(args[1], client, args[2]);
      long added = System.nanoTime();
      System.out.println((raw - start) / 1e6 + " " + (added - raw) / 1e6);
      // The raw client's idle connection would keep this JVM up.
      System.exit(0);
    }
    try (LoopbackVendor vendor = LoopbackVendor.start()) {
      List<Double> raw = new ArrayList<>();
      Map<String, List<Double>> added = new LinkedHashMap<>();
      for (int run = 0; run < RUNS; run++) {
        for (String library : LIBRARIES) {
          double[] figures = once(library, vendor.baseUrl());
          raw.add(figures[0]);
          added.computeIfAbsent(library, l -> new ArrayList<>()).add(figures[1]);
        }
      }
      Results results = Results.of("startup-bounds").put("raw_ms", median(raw));
      added.forEach((library, times) -> results.put(library + ".added_ms", median(times)));
      results.write();
      System.out.println("raw " + raw + " ms; added " + added);
    }
  }

  private static void use(String library, OkHttpClient client, String baseUrl)
      throws IOException, ExecutionException, InterruptedException {
    switch (library) {
      case "micrometer" -> {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer.builder("lipsync.bench.calls").tag("vendor", "cometapi").register(registry).record(Duration.ofMillis(3));
        Counter.builder("lipsync.bench.count").register(registry).increment();
        Gauge.builder("lipsync.bench.gauge", () -> 1).register(registry);
      }
      case "failsafe" -> {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
          Failsafe.with(
                  RetryPolicy.<Object>builder().withMaxAttempts(3)
                      .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).build(),
                  CircuitBreaker.<Object>builder().withFailureThreshold(5).withDelay(Duration.ofSeconds(30)).build(),
                  Timeout.<Object>of(Duration.ofSeconds(60)))
              .with(scheduler)
              .getStageAsync(() -> CompletableFuture.completedFuture("answer"))
              .get();
        } finally {
          scheduler.shutdownNow();
        }
      }
      case "retrofit" -> {
        Map<String, Object> answer = new Retrofit.Builder()
            .baseUrl(baseUrl + "/")
            .client(client)
            .addConverterFactory(MoshiConverterFactory.create())
            .build()
            .create(StatusApi.class)
            .status()
            .execute()
            .body();
        if (answer == null) {
          throw new IllegalStateException("Retrofit read no answer");
        }
      }
      case "slf4j" -> LoggerFactory.getLogger(StartUpBounds.class).debug("asked once");
      case "together" -> {
        for (String each : FIRST_REQUEST) {
          use(each, client, baseUrl);
        }
      }
      case "guice" -> Guice.createInjector(new AbstractModule() {}).getInstance(String.class);
      default -> throw new IllegalArgumentException("unknown library " + library + "; known: " + LIBRARIES);
    }
  }

  private static double[] once(String library, String baseUrl) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            StartUpBounds.class.getName(), "once", library, baseUrl)
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(library + " failed in its JVM: " + output);
    }
    String[] figures = output.lines()
        .filter(line -> line.matches("[0-9.]+ [0-9.]+"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(library + " printed no figures: " + output))
        .split(" ");
    return new double[] {Double.parseDouble(figures[0]), Double.parseDouble(figures[1])};
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
