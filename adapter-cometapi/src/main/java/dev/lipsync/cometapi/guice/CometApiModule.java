package dev.lipsync.cometapi.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.lipsync.cometapi.CometApiProvider;
import dev.lipsync.core.provider.LipSyncProvider;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds CometAPI to the gateway's {@code MapBinder<String, LipSyncProvider>} under {@code cometapi}, when
 * configured; without a key it adds nothing, so an installation without CometAPI simply lacks it (the
 * map itself is still declared, so an injector with no vendor configured gets an empty map rather than
 * a missing binding). The provider is built by its plain builder; this module only wires it.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(CometApiModule.fromEnvironment(), new GatewayModule());
 * }</pre>
 *
 * Immutable; safe to install in any number of injectors.
 */
public final class CometApiModule extends AbstractModule {
  private final Optional<CometApiProvider> provider;

  /** Contributes {@code provider}. */
  public CometApiModule(CometApiProvider provider) {
    this.provider = Optional.of(Objects.requireNonNull(provider, "provider == null"));
  }

  private CometApiModule(Optional<CometApiProvider> provider) {
    this.provider = provider;
  }

  /** Contributes the provider that {@code COMETAPI_KEY} and {@code COMETAPI_BASE_URL} configure, if any. */
  public static CometApiModule fromEnvironment() {
    return new CometApiModule(CometApiProvider.fromEnvironment());
  }

  /** Contributes the provider that {@code env} configures, if it holds a key. */
  public static CometApiModule fromEnvironment(Map<String, String> env) {
    return new CometApiModule(CometApiProvider.fromEnvironment(env));
  }

  /** Whether this module contributes a provider. */
  public boolean isConfigured() {
    return provider.isPresent();
  }

  /** Declares the map of providers and, when configured, adds CometAPI to it. */
  @Override
  protected void configure() {
    MapBinder<String, LipSyncProvider> providers =
        MapBinder.newMapBinder(binder(), String.class, LipSyncProvider.class);
    provider.ifPresent(configured -> providers.addBinding(configured.id()).toInstance(configured));
  }

  /** Names the provider, never its key. */
  @Override
  public String toString() {
    return "CometApiModule[" + provider.map(Object::toString).orElse("not configured") + "]";
  }
}
