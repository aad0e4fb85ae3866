package dev.lipsync.cli;

import dev.lipsync.core.gateway.LipSyncGateway;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.SystemScheduler;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.support.ApiKey;
import dev.lipsync.support.BaseUrls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Turns the environment and the command line into providers and a gateway: which vendors take part,
 * each with its key, base URL, request timeout and HTTP trace. Every check happens here, before
 * anything is sent, and fails with an {@link InputError} naming the option or variable.
 */
final class GatewaySetup {
  private final List<LipSyncProvider> providers;

  private GatewaySetup(List<LipSyncProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  /**
   * The vendors that take part, configured from {@code env}.
   *
   * @param env the environment: {@code <VENDOR>_KEY} ({@code KLING_ACCESS_KEY} with {@code
   *     KLING_SECRET_KEY}), {@code <VENDOR>_BASE_URL}
   * @param named the vendors named on the command line, in order of preference; empty for every
   *     configured vendor
   * @param namedBy what named them, for messages: {@code --vendor}, or the task ref
   * @param requestTimeout the bound on each HTTP call, or null for the library's default
   * @param polls the poll schedule (apimodels polls its identification on it too)
   * @param scheduler the scheduler the gateway will run on
   * @param trace the {@code --verbose} trace, or null
   * @throws InputError if a named vendor is unknown or not configured, none is configured, or a key or
   *     base URL is malformed
   */
  /** The variable that lets vendors and downloads reach addresses in a private network. */
  static final String ALLOW_PRIVATE_NETWORKS = "LIPSYNC_ALLOW_PRIVATE_NETWORKS";

  static GatewaySetup of(
      Map<String, String> env,
      List<String> named,
      String namedBy,
      @Nullable Duration requestTimeout,
      PollSchedule polls,
      TaskScheduler scheduler,
      @Nullable HttpTrace trace) {
    OkHttpClient shared = new OkHttpClient();
    List<LipSyncProvider> providers = new ArrayList<>();
    for (KnownVendor vendor : select(env, named, namedBy)) {
      OkHttpClient client = trace == null
          ? shared
          : shared.newBuilder().addInterceptor(trace.forVendor(vendor.id())).build();
      providers.add(vendor.build(new KnownVendor.Settings(
          key(env, vendor), baseUrl(env, vendor), requestTimeout, client, scheduler, polls, env)));
    }
    return new GatewaySetup(providers);
  }

  /**
   * Makes one call on a gateway over the vendors {@code named} (or all configured), with the default
   * settings, and waits for its answer; for the commands that ask a single question.
   *
   * @throws InputError as {@link #of} does
   * @throws java.util.concurrent.CompletionException with the call's failure
   */
  static <T> T ask(Map<String, String> env, List<String> named, String namedBy,
      Function<LipSyncGateway, CompletableFuture<T>> call) {
    PollSchedule polls = PollSchedule.defaults();
    try (SystemScheduler scheduler = new SystemScheduler()) {
      GatewaySetup setup = of(env, named, namedBy, null, polls, scheduler, null);
      try (LipSyncGateway gateway = setup.gateway(scheduler, new SimpleMeterRegistry(), polls, builder -> {})) {
        return call.apply(gateway).join();
      }
    }
  }

  /** The names of the vendors whose key is set, e.g. for a message. */
  static Set<String> configured(Map<String, String> env) {
    Set<String> configured = new LinkedHashSet<>();
    for (KnownVendor vendor : KnownVendor.values()) {
      if (isSet(env.get(vendor.keyVariable()))) {
        configured.add(vendor.id());
      }
    }
    return configured;
  }

  /** The API keys of every vendor in {@code env} and the job store's password, for the output filter to mask. */
  static List<String> secrets(Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    for (KnownVendor vendor : KnownVendor.values()) {
      String key = env.get(vendor.keyVariable());
      if (isSet(key)) {
        secrets.add(key.strip());
      }
      String secret = vendor.secretVariable() == null ? null : env.get(vendor.secretVariable());
      if (isSet(secret)) {
        secrets.add(secret.strip());
      }
    }
    String password = env.get(StoreSetup.PASSWORD);
    if (isSet(password)) {
      secrets.add(password.strip());
    }
    return secrets;
  }

  private static List<KnownVendor> select(Map<String, String> env, List<String> named, String namedBy) {
    Set<KnownVendor> chosen = new LinkedHashSet<>();
    if (named.isEmpty()) {
      for (KnownVendor vendor : KnownVendor.values()) {
        if (isSet(env.get(vendor.keyVariable()))) {
          chosen.add(vendor);
        }
      }
      if (chosen.isEmpty()) {
        throw new InputError("no vendor configured: set at least one of "
            + List.of(KnownVendor.values()).stream().map(KnownVendor::keyVariable).collect(Collectors.joining(", "))
            + " (or run `lipsync demo`, which needs none)");
      }
      return List.copyOf(chosen);
    }
    for (String name : named) {
      KnownVendor vendor = KnownVendor.named(namedBy, name);
      if (!isSet(env.get(vendor.keyVariable()))) {
        throw new InputError(namedBy + " " + name + ": " + vendor.id() + " is not configured; set " + vendor.keyVariable()
            + " (configured: " + (configured(env).isEmpty() ? "none" : String.join(", ", configured(env))) + ")");
      }
      chosen.add(vendor);
    }
    return List.copyOf(chosen);
  }

  private static String key(Map<String, String> env, KnownVendor vendor) {
    String key = env.get(vendor.keyVariable()).strip();
    try {
      ApiKey.of(key);
    } catch (IllegalArgumentException e) {
      // ApiKey's message never shows the key.
      throw new InputError(vendor.keyVariable() + ": " + e.getMessage());
    }
    return key;
  }

  private static @Nullable String baseUrl(Map<String, String> env, KnownVendor vendor) {
    String url = env.get(vendor.baseUrlVariable());
    if (!isSet(url)) {
      return null;
    }
    try {
      BaseUrls.parse(vendor.baseUrlVariable(), url, allowsPrivateNetworks(env));
    } catch (IllegalArgumentException e) {
      throw new InputError(e.getMessage()
          + (e.getMessage().contains("private network") ? " (" + ALLOW_PRIVATE_NETWORKS + "=true)" : ""));
    }
    return url.strip();
  }

  /**
   * Whether the environment lets vendors and result downloads reach an address in a private network
   * ({@value #ALLOW_PRIVATE_NETWORKS}: {@code true} or {@code false}, default false), e.g. a proxy of
   * the user's own.
   *
   * @throws InputError if the variable holds anything else
   */
  static boolean allowsPrivateNetworks(Map<String, String> env) {
    String value = env.get(ALLOW_PRIVATE_NETWORKS);
    if (!isSet(value)) {
      return false;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InputError(ALLOW_PRIVATE_NETWORKS + ": \"" + value + "\" must be true or false");
    };
  }

  private static boolean isSet(@Nullable String value) {
    return value != null && !value.isBlank();
  }

  /** The providers, in order of preference. */
  List<LipSyncProvider> providers() {
    return providers;
  }

  /**
   * A gateway over the providers on {@code scheduler}, metered into {@code registry}, with further
   * {@code settings}.
   */
  LipSyncGateway gateway(
      TaskScheduler scheduler, MeterRegistry registry, PollSchedule polls, Consumer<LipSyncGateway.Builder> settings) {
    LipSyncGateway.Builder builder = LipSyncGateway.builder()
        .scheduler(scheduler)
        .meterRegistry(registry)
        .pollSchedule(polls);
    providers.forEach(builder::provider);
    settings.accept(builder);
    return builder.build();
  }
}
