package dev.lipsync.alad.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.lipsync.alad.AladProvider;
import dev.lipsync.core.provider.LipSyncProvider;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Adds alad to the gateway's {@code Map<String, LipSyncProvider>} under {@value AladProvider#ID}, when
 * it is configured. The provider is built by its own builder; this module only wires it.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(AladModule.fromEnvironment(), ...);
 * }</pre>
 *
 * Without a key nothing is added (the map itself is still declared, so an injector with no vendor
 * configured yet gets an empty map rather than a missing binding).
 */
public final class AladModule extends AbstractModule {
  private final @Nullable AladProvider provider;

  /** A module adding {@code provider}. */
  public AladModule(AladProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider == null");
  }

  private AladModule(Optional<AladProvider> provider) {
    this.provider = provider.orElse(null);
  }

  /** A module configured by the process environment ({@code ALAD_KEY}, {@code ALAD_BASE_URL}). */
  public static AladModule fromEnvironment() {
    return new AladModule(AladProvider.fromEnvironment());
  }

  /** A module configured by {@code env}; it adds nothing when {@code ALAD_KEY} is unset or blank. */
  public static AladModule fromEnvironment(Map<String, String> env) {
    return new AladModule(AladProvider.fromEnvironment(env));
  }

  /** Declares the map and, when configured, adds alad to it. */
  @Override
  protected void configure() {
    MapBinder<String, LipSyncProvider> providers =
        MapBinder.newMapBinder(binder(), String.class, LipSyncProvider.class);
    if (provider != null) {
      providers.addBinding(provider.id()).toInstance(provider);
    }
  }

  @Override
  public String toString() {
    return "AladModule[" + (provider == null ? "not configured" : provider) + "]";
  }
}
