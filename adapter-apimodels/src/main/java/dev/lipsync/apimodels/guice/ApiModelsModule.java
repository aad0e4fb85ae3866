package dev.lipsync.apimodels.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.lipsync.apimodels.ApiModelsProvider;
import dev.lipsync.core.provider.LipSyncProvider;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Adds apimodels to the gateway's {@code Map<String, LipSyncProvider>} under {@code "apimodels"} when it
 * is configured, and nothing when it is not, so the same module list serves every deployment (the map
 * itself is still declared, so an injector with no vendor configured gets an empty map rather than a
 * missing binding). The provider is built by its plain builder; this module only wires it.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(ApiModelsModule.fromEnvironment(System.getenv()), ...);
 * }</pre>
 */
public final class ApiModelsModule extends AbstractModule {
  private final @Nullable ApiModelsProvider provider;

  /** Adds {@code provider}. */
  public ApiModelsModule(ApiModelsProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider == null");
  }

  private ApiModelsModule(Optional<ApiModelsProvider> provider) {
    this.provider = provider.orElse(null);
  }

  /**
   * Adds the provider {@link ApiModelsProvider#fromEnvironment(Map)} builds from {@code env}, or
   * nothing when {@value ApiModelsProvider#KEY_VARIABLE} is unset or blank there.
   */
  public static ApiModelsModule fromEnvironment(Map<String, String> env) {
    return new ApiModelsModule(ApiModelsProvider.fromEnvironment(env));
  }

  /** Declares the map of providers and, when configured, adds apimodels to it. */
  @Override
  protected void configure() {
    MapBinder<String, LipSyncProvider> providers =
        MapBinder.newMapBinder(binder(), String.class, LipSyncProvider.class);
    if (provider != null) {
      providers.addBinding(provider.id()).toInstance(provider);
    }
  }
}
