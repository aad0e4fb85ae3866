package dev.lipsync.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.lipsync.core.provider.LipSyncProvider;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Adds one vendor's provider to the gateway's {@code MapBinder<String, LipSyncProvider>} under its
 * {@linkplain LipSyncProvider#id() id}, for any adapter, the project's or your own. The provider is
 * built by its adapter's plain builder or {@code fromEnvironment}; this module only wires it, so the
 * adapters themselves know nothing of Guice.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     VendorModule.of(CometApiProvider.fromEnvironment()),   // adds nothing without COMETAPI_KEY
 *     VendorModule.of(AladProvider.fromEnvironment()),
 *     new GatewayModule());
 * }</pre>
 *
 * An absent provider adds nothing, yet the map is still declared, so an injector with no vendor
 * configured gets an empty map rather than a missing binding ({@link GatewayModule} then says what is
 * missing). Immutable; safe to install in any number of injectors.
 */
public final class VendorModule extends AbstractModule {
  private final @Nullable LipSyncProvider provider;

  private VendorModule(@Nullable LipSyncProvider provider) {
    this.provider = provider;
  }

  /** A module adding {@code provider}. */
  public static VendorModule of(LipSyncProvider provider) {
    return new VendorModule(Objects.requireNonNull(provider, "provider == null"));
  }

  /** A module adding the provider if present (as {@code fromEnvironment} finds it), else nothing. */
  public static VendorModule of(Optional<? extends LipSyncProvider> provider) {
    Objects.requireNonNull(provider, "provider == null");
    return new VendorModule(provider.orElse(null));
  }

  /** Whether this module adds a provider. */
  public boolean isConfigured() {
    return provider != null;
  }

  @Override
  protected void configure() {
    MapBinder<String, LipSyncProvider> providers =
        MapBinder.newMapBinder(binder(), String.class, LipSyncProvider.class);
    if (provider != null) {
      providers.addBinding(provider.id()).toInstance(provider);
    }
  }

  /** Names the provider (whose own {@code toString} never shows its key). */
  @Override
  public String toString() {
    return "VendorModule[" + (provider == null ? "not configured" : provider) + "]";
  }
}
