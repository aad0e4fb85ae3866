package dev.lipsync.cli;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.http.VendorBuilder;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** The vendors the command knows, each configured by {@code <NAME>_KEY} and {@code <NAME>_BASE_URL}. */
enum KnownVendor {
  COMETAPI {
    @Override
    LipSyncProvider build(Settings settings) {
      return settings.applyTo(CometApiProvider.builder()).build();
    }
  },
  APIMODELS {
    @Override
    LipSyncProvider build(Settings settings) {
      // apimodels identifies faces as a task of its own, polled like a lip-sync task.
      return settings.applyTo(ApiModelsProvider.builder())
          .scheduler(settings.scheduler())
          .identifyPollSchedule(settings.polls())
          .build();
    }
  },
  ALAD {
    @Override
    LipSyncProvider build(Settings settings) {
      return settings.applyTo(AladProvider.builder()).build();
    }
  };

  /** The provider, configured with {@code settings}. */
  abstract LipSyncProvider build(Settings settings);

  /** The name used on the command line and as the provider's id, e.g. {@code cometapi}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  String keyVariable() {
    return name() + "_KEY";
  }

  String baseUrlVariable() {
    return name() + "_BASE_URL";
  }

  /**
   * The vendor of that name.
   *
   * @throws InputError naming the known vendors
   */
  static KnownVendor named(String option, String name) {
    for (KnownVendor vendor : values()) {
      if (vendor.id().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return vendor;
      }
    }
    throw new InputError(option + " " + name + ": unknown vendor; known vendors: " + names());
  }

  /** {@code cometapi, apimodels, alad}. */
  static String names() {
    return Arrays.stream(values()).map(KnownVendor::id).collect(Collectors.joining(", "));
  }

  /**
   * What a provider is built with.
   *
   * @param apiKey the key from the environment
   * @param baseUrl the base URL from the environment, or null for the vendor's own
   * @param requestTimeout the bound on each HTTP call, or null for the library's default
   * @param client the HTTP client to derive from
   * @param scheduler the gateway's scheduler
   * @param polls the poll schedule
   */
  record Settings(
      String apiKey,
      @Nullable String baseUrl,
      @Nullable Duration requestTimeout,
      OkHttpClient client,
      TaskScheduler scheduler,
      PollSchedule polls) {

    <B extends VendorBuilder<B>> B applyTo(B builder) {
      builder.apiKey(apiKey).client(client);
      if (baseUrl != null) {
        builder.baseUrl(baseUrl);
      }
      if (requestTimeout != null) {
        builder.requestTimeout(requestTimeout);
      }
      return builder;
    }

    @Override
    public String toString() {
      return "Settings[apiKey=****, baseUrl=" + baseUrl + "]";
    }
  }
}
