package dev.lipsync.cli;

import dev.lipsync.alad.AladProvider;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.provider.LipSyncProvider;
import dev.lipsync.core.tracking.PollSchedule;
import dev.lipsync.core.tracking.TaskScheduler;
import dev.lipsync.kling.KlingProvider;
import dev.lipsync.support.VendorBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** The vendors the command knows, each configured by the environment variables its adapter names. */
enum KnownVendor {
  COMETAPI(CometApiProvider.KEY_VARIABLE, CometApiProvider.BASE_URL_VARIABLE) {
    @Override
    LipSyncProvider build(Settings settings) {
      return settings.applyTo(CometApiProvider.builder()).build();
    }
  },
  APIMODELS(ApiModelsProvider.KEY_VARIABLE, ApiModelsProvider.BASE_URL_VARIABLE) {
    @Override
    LipSyncProvider build(Settings settings) {
      // apimodels identifies faces as a task of its own, polled like a lip-sync task.
      ApiModelsProvider.Builder builder = settings.applyTo(ApiModelsProvider.builder())
          .identifyPollSchedule(settings.polls());
      try {
        builder.variantFromEnvironment(settings.environment());
      } catch (IllegalArgumentException e) {
        throw new InputError(e.getMessage());
      }
      return builder.build();
    }
  },
  ALAD(AladProvider.KEY_VARIABLE, AladProvider.BASE_URL_VARIABLE) {
    @Override
    LipSyncProvider build(Settings settings) {
      return settings.applyTo(AladProvider.builder()).build();
    }
  },
  /** Kling's own API: the access key is the key variable; the secret key, which signs its tokens, beside it. */
  KLING(KlingProvider.ACCESS_KEY_VARIABLE, KlingProvider.BASE_URL_VARIABLE, KlingProvider.SECRET_KEY_VARIABLE) {
    @Override
    LipSyncProvider build(Settings settings) {
      String secret = settings.environment().get(KlingProvider.SECRET_KEY_VARIABLE);
      if (secret == null || secret.isBlank()) {
        throw new InputError(KlingProvider.SECRET_KEY_VARIABLE + " is not set, though "
            + KlingProvider.ACCESS_KEY_VARIABLE + " is: Kling needs both keys");
      }
      KlingProvider.Builder builder = settings.applyTo(KlingProvider.builder());
      try {
        builder.secretKey(secret.strip());
      } catch (IllegalArgumentException e) {
        // The builder's message never shows the key.
        throw new InputError(KlingProvider.SECRET_KEY_VARIABLE + ": " + e.getMessage());
      }
      return builder.build();
    }
  };

  private final String keyVariable;
  private final String baseUrlVariable;
  private final @Nullable String secretVariable;

  KnownVendor(String keyVariable, String baseUrlVariable) {
    this(keyVariable, baseUrlVariable, null);
  }

  KnownVendor(String keyVariable, String baseUrlVariable, @Nullable String secretVariable) {
    this.keyVariable = keyVariable;
    this.baseUrlVariable = baseUrlVariable;
    this.secretVariable = secretVariable;
  }

  /** The provider, configured with {@code settings}. */
  abstract LipSyncProvider build(Settings settings);

  /** The name used on the command line and as the provider's id, e.g. {@code cometapi}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The variable holding the API key, as the adapter names it. */
  String keyVariable() {
    return keyVariable;
  }

  /**
   * The variable holding a second secret the vendor needs beside its key (Kling's secret key), masked in
   * all output as the key is; null for a vendor with one key.
   */
  @Nullable String secretVariable() {
    return secretVariable;
  }

  /** The variable holding another base URL, as the adapter names it. */
  String baseUrlVariable() {
    return baseUrlVariable;
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

  /** {@code cometapi, apimodels, alad, kling}. */
  static String names() {
    return Arrays.stream(values()).map(KnownVendor::id).collect(Collectors.joining(", "));
  }

  /**
   * What a provider is built with.
   *
   * @param apiKey the key from the environment (Kling's access key)
   * @param baseUrl the base URL from the environment, or null for the vendor's own
   * @param requestTimeout the bound on each HTTP call, or null for the library's default
   * @param client the HTTP client to derive from
   * @param scheduler the gateway's scheduler
   * @param polls the poll schedule
   * @param environment the environment, for the settings a vendor reads beyond its key and base URL
   */
  record Settings(
      String apiKey,
      @Nullable String baseUrl,
      @Nullable Duration requestTimeout,
      OkHttpClient client,
      TaskScheduler scheduler,
      PollSchedule polls,
      Map<String, String> environment) {

    <B extends VendorBuilder<B>> B applyTo(B builder) {
      // The gateway's scheduler also polls what a vendor runs as a task of its own (apimodels'
      // identification, Kling's speech), so the command has one timer thread.
      builder.apiKey(apiKey).client(client).scheduler(scheduler)
          .allowPrivateNetworks(GatewaySetup.allowsPrivateNetworks(environment));
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
