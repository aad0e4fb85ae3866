package dev.lipsync.integration;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.gateway.ResilienceSettings;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.ManualScheduler;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.kling.KlingProvider;
import dev.lipsync.support.FacePictureFetcher;
import dev.lipsync.support.VendorBuilder;
import dev.lipsync.testkit.AladSimulator;
import dev.lipsync.testkit.ApiModelsSimulator;
import dev.lipsync.testkit.CometApiSimulator;
import dev.lipsync.testkit.Endpoint;
import dev.lipsync.testkit.KlingSimulator;
import dev.lipsync.testkit.SampleAudio;
import dev.lipsync.testkit.VendorSimulator;
import dev.lipsync.testkit.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;

/**
 * The three resellers' simulators on one manual clock, and gateways built against them; and Kling's
 * own API ({@link #kling}), which {@link #gateway()} leaves out unless asked ({@link #klingProvider()}).
 */
final class ThreeVendors implements AutoCloseable {
  static final String KEY = "sk-three-vendors-test";
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /** The vendors, in the order {@link #gateway()} configures them. */
  static final List<String> VENDORS = List.of("cometapi", "apimodels", "alad");

  final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  final CometApiSimulator cometapi = new CometApiSimulator(KEY, clock).start();
  final ApiModelsSimulator apimodels = new ApiModelsSimulator(KEY, clock).start();
  final AladSimulator alad = new AladSimulator(KEY, clock).start();
  static final String KLING_ACCESS_KEY = "ak-three-vendors-test";
  static final String KLING_SECRET_KEY = "sk-kling-three-vendors-test-0123456789abcdef";
  final KlingSimulator kling = new KlingSimulator(KLING_ACCESS_KEY, KLING_SECRET_KEY, clock).start();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** The manual clock as a {@link Clock}, which dates a vendor's {@code Retry-After}. */
  final Clock wallClock = new ManualClock(clock);
  /** The client every provider made here calls through, unless given another. */
  final OkHttpClient http = new OkHttpClient();
  /**
   * Whether {@link #http} has a call under way: what {@link #await} holds the clock for, so that no
   * deadline, attempt timeout or back-off on it overtakes a simulator's answer on a loaded machine.
   */
  final BooleanSupplier httpInFlight = VirtualTime.callsInFlight(http);

  LipSyncProvider cometapiProvider() {
    return provider("cometapi", REQUEST_TIMEOUT, null);
  }

  /**
   * Kling's own API against its simulator: its JWT signed by the manual clock, as the simulator checks
   * it, and a speech task polled on that clock.
   */
  LipSyncProvider klingProvider() {
    return KlingProvider.builder().accessKey(KLING_ACCESS_KEY).secretKey(KLING_SECRET_KEY)
        .baseUrl(kling.baseUrl()).requestTimeout(REQUEST_TIMEOUT).connectTimeout(REQUEST_TIMEOUT)
        .clock(wallClock).client(http).scheduler(clock).build();
  }

  LipSyncProvider apimodelsProvider() {
    return provider("apimodels", REQUEST_TIMEOUT, null);
  }

  LipSyncProvider aladProvider() {
    return provider("alad", REQUEST_TIMEOUT, null);
  }

  /**
   * The provider of {@code vendor} against its simulator, on the manual clock.
   *
   * @param requestTimeout how long one HTTP call may take (and take to connect)
   * @param client the OkHttp client to derive from, or null for {@link #http}
   */
  LipSyncProvider provider(String vendor, Duration requestTimeout, OkHttpClient client) {
    return switch (vendor) {
      case "cometapi" -> configure(CometApiProvider.builder(), cometapi, requestTimeout, client).build();
      case "apimodels" ->
          configure(ApiModelsProvider.builder(), apimodels, requestTimeout, client).scheduler(clock).build();
      case "alad" -> configure(AladProvider.builder(), alad, requestTimeout, client).build();
      default -> throw new IllegalArgumentException("no simulator of " + vendor);
    };
  }

  private <B extends VendorBuilder<B>> B configure(
      B builder, VendorSimulator simulator, Duration requestTimeout, OkHttpClient client) {
    builder.apiKey(KEY).baseUrl(simulator.baseUrl()).requestTimeout(requestTimeout)
        .connectTimeout(requestTimeout).clock(wallClock);
    return builder.client(client == null ? http : client);
  }

  /** The future's value, the clock moving only while no call of {@link #http} is under way. */
  <T> T await(CompletableFuture<T> future) {
    return VirtualTime.await(future, clock, httpInFlight);
  }

  /** The exception the future fails with, waiting as {@link #await} does. */
  Throwable failure(CompletableFuture<?> future) {
    return VirtualTime.failure(future, clock, httpInFlight);
  }

  /**
   * A gateway over the three, in the order cometapi, apimodels, alad, on the manual clock. The jobs of
   * these tests name audio at addresses that serve none, so every audio file is taken to last as long as
   * the simulators' own ({@link VendorSimulator#SAMPLE_AUDIO_LENGTH}) rather than fetched.
   */
  LipSyncGateway.Builder gateway() {
    return gateway(cometapiProvider(), apimodelsProvider(), aladProvider());
  }

  LipSyncGateway.Builder gateway(LipSyncProvider... providers) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(clock)
        .meterRegistry(registry)
        .random(() -> 0.0)
        .pollSchedule(new PollSchedule(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30), 0))
        .resilience(ResilienceSettings.defaults())
        .audioProbe(SampleAudio.probe(VendorSimulator.SAMPLE_AUDIO_LENGTH))
        // Through the providers' client, so that the clock waits for a face picture as for any call.
        .pictureFetcher(new FacePictureFetcher(http));
    for (LipSyncProvider provider : providers) {
      builder.provider(provider);
    }
    return builder;
  }

  List<VendorSimulator> all() {
    return List.of(cometapi, apimodels, alad);
  }

  VendorSimulator simulator(String vendor) {
    return all().stream().filter(s -> s.vendor().equals(vendor)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no simulator of " + vendor));
  }

  /** Submits received across every vendor: what was (or may have been) paid. */
  int submits() {
    return all().stream().mapToInt(s -> s.count(Endpoint.SUBMIT)).sum();
  }

  int requests() {
    return all().stream().mapToInt(s -> s.requests().size()).sum();
  }

  @Override
  public void close() {
    all().forEach(VendorSimulator::close);
    kling.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** A {@link Clock} that reads a {@link ManualScheduler}. */
  private static final class ManualClock extends Clock {
    private final ManualScheduler scheduler;

    ManualClock(ManualScheduler scheduler) {
      this.scheduler = scheduler;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a manual clock is in UTC");
    }

    @Override
    public Instant instant() {
      return scheduler.now();
    }
  }
}
